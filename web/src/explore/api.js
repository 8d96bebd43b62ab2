// The explorer's only data source: the service's own GraphQL API (POST /graphql). Every view
// it asks for carries a node limit, so the server bounds what the browser has to draw.

const ENDPOINT = "/graphql";

/** Runs a GraphQL operation; throws an Error carrying the server's messages on any error. */
export async function graphql(query, variables = {}) {
  const response = await fetch(ENDPOINT, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`the server answered ${response.status} without a GraphQL response`);
  }
  if (body.errors && body.errors.length) {
    throw new Error(body.errors.map((e) => e.message).join("; "));
  }
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return body.data;
}

const VIEW_FIELDS = `
  truncated
  nodes { id type label degree weight community attributes { name value } }
  edges { id source target type weight directed }
`;

/** A network view: `network` is a NetworkInput (projection, filters, seed, depth, limit). */
export async function networkView(network) {
  const data = await graphql(
    `query ExplorerView($network: NetworkInput) { network(network: $network) { ${VIEW_FIELDS} } }`,
    { network },
  );
  return data.network;
}

/** What the filters offer: countries, topics and the years agreements were signed in. */
export async function filterChoices() {
  return graphql(`query ExplorerChoices {
    stats { institutionsByCountry { key count } agreementsByYear { year count } }
    topics(first: 100) { nodes { slug label } }
  }`);
}

/** Search by any name, acronym or alias. */
export async function search(text, first = 8) {
  const data = await graphql(
    `query ExplorerSearch($text: String!, $first: Int!) {
      search(text: $text, first: $first) { score matched field node { id label __typename } }
    }`,
    { text, first },
  );
  return data.search;
}

/** A node's record: where each source states it, how its name is known, and its facts. */
export async function details(id) {
  const data = await graphql(
    `query ExplorerDetails($id: ID!) {
      node(id: $id) {
        __typename id label nameKnown
        citations {
          source { id title kind publisher date { value } url language }
          locator quote known reason
        }
        facts { field value known disputed citations { source { title } locator quote known reason } }
      }
    }`,
    { id },
  );
  return data.node;
}

/** The shortest path between two nodes (global ids), or null. */
export async function shortestPath(from, to) {
  const data = await graphql(
    `query ExplorerPath($from: ID!, $to: ID!) {
      shortestPath(from: $from, to: $to, maxLength: 12) {
        length
        nodes { id label __typename }
        relations { id type from { id } to { id } }
      }
    }`,
    { from, to },
  );
  return data.shortestPath;
}

/** The node with the highest PageRank in a view, or null for an empty one. */
export async function mostCentral(network) {
  const data = await graphql(
    `query ExplorerCentre($network: NetworkInput) {
      centrality(measure: PAGERANK, network: $network, first: 1) { node { id label } }
    }`,
    { network },
  );
  return data.centrality[0]?.node ?? null;
}
