// Reads a collabgraph export with graphology or headless Cytoscape.js and prints what the
// library made of it, for tests/api/export.rs.
//
// Usage: node read_graph.cjs graphology|cytoscape FILE
//
// Prints one JSON object, the same shape as read_graph.py's:
//   {"reader", "graph": {..}, "nodes": {id: {attributes}},
//    "edges": [{"id", "source", "target", "directed", "attributes"}]}
//
// Cytoscape.js only warns about elements it cannot add (a duplicate id, an edge to a missing
// node) and goes on without them; here any warning or error it prints fails the read.

"use strict";

const fs = require("fs");
const path = require("path");

/** The installed version of a package (its package.json is not in its "exports"). */
function version(name) {
  const file = path.join(__dirname, "node_modules", name, "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

for (const level of ["warn", "error"]) {
  console[level] = (...args) => {
    throw new Error(`${level} while reading: ${args.join(" ")}`);
  };
}

function readGraphology(doc) {
  const Graph = require("graphology");
  const graph = Graph.from(doc);
  const out = {
    reader: `graphology ${version("graphology")} Graph.from`,
    graph: { ...graph.getAttributes(), type: graph.type, multi: graph.multi },
    nodes: {},
    edges: [],
  };
  graph.forEachNode((key, attributes) => {
    out.nodes[key] = attributes;
  });
  graph.forEachEdge((key, attributes, source, target, _s, _t, undirected) => {
    out.edges.push({ id: key, source, target, directed: !undirected, attributes });
  });
  return out;
}

function readCytoscape(doc) {
  const cytoscape = require("cytoscape");
  const cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
  const out = {
    reader: `cytoscape ${version("cytoscape")} headless`,
    graph: doc.data || {},
    nodes: {},
    edges: [],
  };
  cy.nodes().forEach((node) => {
    out.nodes[node.id()] = node.data();
  });
  cy.edges().forEach((edge) => {
    out.edges.push({
      id: edge.id(),
      source: edge.source().id(),
      target: edge.target().id(),
      directed: edge.data("directed"),
      attributes: edge.data(),
    });
  });
  return out;
}

const [format, file] = process.argv.slice(2);
const readers = { graphology: readGraphology, cytoscape: readCytoscape };
if (!readers[format]) {
  throw new Error(`usage: node read_graph.cjs graphology|cytoscape FILE (got ${format})`);
}
const doc = JSON.parse(fs.readFileSync(file, "utf8"));
process.stdout.write(JSON.stringify(readers[format](doc)));
