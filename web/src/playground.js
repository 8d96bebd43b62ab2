// The GraphiQL playground, bundled from npm so that it works with no internet access.
// It opens on the example query the server wrote into the page and talks to /graphql.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import "graphiql/style.css";
import "./playground.css";

function defaultQuery() {
  const element = document.getElementById("default-query");
  try {
    return JSON.parse(element.textContent);
  } catch {
    // Served without the server's substitution (a plain file): start empty.
    return "";
  }
}

const fetcher = createGraphiQLFetcher({
  url: new URL("/graphql", window.location.origin).toString(),
});

createRoot(document.getElementById("graphiql")).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery: defaultQuery(),
    defaultEditorToolsVisibility: true,
  }),
);
