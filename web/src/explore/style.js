// Colours and sizes: nodes by type, edges by relation type, sizes by a centrality.

export const NODE_COLOURS = {
  Institution: "#1f6fb4",
  Person: "#e8820c",
  Lab: "#2a9d3a",
  Agreement: "#c92a2a",
  Topic: "#7b4fc4",
  Source: "#8c5a3c",
  Event: "#d6409f",
  Work: "#5f6b7a",
  Country: "#0c8599",
};

/** Colours for the values of an attribute (countries, statuses...), most frequent first. */
export const CATEGORY_COLOURS = [
  "#1f6fb4",
  "#e8820c",
  "#2a9d3a",
  "#c92a2a",
  "#7b4fc4",
  "#8c5a3c",
  "#d6409f",
  "#0c8599",
  "#b5a300",
  "#5f6b7a",
];

export const EDGE_COLOURS = {
  PART_OF: "#4a6fa5",
  HOLDS_POSITION: "#f0a04b",
  HOSTS: "#5cb85c",
  PARTY_TO: "#e06666",
  SIGNED: "#f4a6a6",
  COVERS: "#b39ddb",
  FOCUSES_ON: "#9fd49f",
  ESTABLISHES: "#8fbc8f",
  PARTICIPATED_IN: "#e9a3c9",
  CONCLUDED_AT: "#d7a1c4",
  BROADER: "#c5b3e6",
  PUBLISHED_BY: "#c8a98e",
  STRENGTHENS: "#7fb3a8",
  MET: "#d9b26f",
  RELATED_TO: "#9aa9c9",
  SUCCEEDED_BY: "#7d8597",
  AUTHORED: "#c9a227",
  CONTRIBUTED_TO: "#a3b18a",
  COLLABORATES_WITH: "#6c8ebf",
};

export const FALLBACK_COLOUR = "#888888";
export const DIMMED = "#e4e6ea";
export const HIGHLIGHT = "#f76707";

/** Node sizes between 3 and 16 pixels by the chosen measure, square-root scaled. */
export function nodeSize(value, max) {
  if (!(max > 0)) return 6;
  return 3 + 13 * Math.sqrt(Math.max(0, value) / max);
}

/** Edge thickness by weight: 1 for a single relation, growing slowly with shared agreements. */
export function edgeSize(weight) {
  return 1 + 1.5 * Math.log2(Math.max(1, weight));
}
