// The network explorer: draws a bounded view of the network from the service's GraphQL API
// with sigma.js (WebGL) over a graphology graph, and lets a person search, select, expand,
// filter, switch projections, find paths and export what they see.
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import Sigma from "sigma";
import "./explore.css";
import * as api from "./explore/api.js";
import { mostCentral, radialLayout, ringAround } from "./explore/layout.js";
import {
  CATEGORY_COLOURS,
  DIMMED,
  EDGE_COLOURS,
  FALLBACK_COLOUR,
  HIGHLIGHT,
  NODE_COLOURS,
  edgeSize,
  nodeSize,
} from "./explore/style.js";

const $ = (id) => document.getElementById(id);

/** The largest view the server draws (its `limit` ceiling); used to rank the whole network. */
const MAX_VIEW_NODES = 20000;
/** Nodes one expansion may add. */
const EXPAND_LIMIT = 200;
/** Longest label drawn on the canvas; the details panel shows the whole name. */
const LABEL_CHARS = 32;

function shortLabel(label) {
  return label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;
}

/** Up to this many nodes, every institution's label is drawn; beyond, sigma picks labels. */
const LABEL_ALL_INSTITUTIONS_UP_TO = 80;

/** What a node is called on the canvas, and in the details panel. */
function labelAttributes(label) {
  return { label: shortLabel(label), fullLabel: label };
}

const state = {
  projection: "FULL",
  country: "",
  topic: "",
  /** Null for no time filter, else the year the network is shown as of. */
  year: null,
  limit: 300,
  sizeBy: "weight",
  /** What a collaboration is in the institutions-only network: "all", "works" or "formal". */
  collaboration: "all",
  /** What nodes are coloured by: "type", or an attribute ("country", "status", "types"...). */
  colourBy: "type",
  /** Institutions shown: of this registry status, type and city ("" for any). */
  show: { status: "", type: "", city: "" },
  /** The node drawn in the middle; null for the most central one. */
  centre: null,
  selected: null,
  hovered: null,
  /** The highlighted shortest path: node ids and edge keys. */
  path: null,
  truncated: false,
  /** What the drawing shows: "network" or the neighbourhood of a searched node. */
  scope: "network",
  busy: 0,
};

const graph = new Graph({ multi: true, type: "mixed", allowSelfLoops: true });

const renderer = new Sigma(graph, $("graph"), {
  allowInvalidContainer: true,
  renderEdgeLabels: false,
  labelRenderedSizeThreshold: 7,
  labelFont: 'system-ui, "DejaVu Sans", sans-serif',
  labelSize: 13,
  defaultEdgeType: "line",
  zIndex: true,
  nodeReducer(node, data) {
    const shown = { ...data };
    if (!isShown(data)) {
      shown.hidden = true;
      return shown;
    }
    shown.color = colourOf(data);
    if (data.nodeType === "Institution" && graph.order <= LABEL_ALL_INSTITUTIONS_UP_TO) {
      shown.forceLabel = true;
    }
    const onPath = state.path?.nodes.has(node);
    if (state.path && !onPath) {
      shown.color = DIMMED;
      shown.label = "";
      shown.zIndex = 0;
    }
    if (onPath) {
      shown.highlighted = true;
      shown.zIndex = 2;
      shown.forceLabel = true;
    }
    if (node === state.selected || node === state.hovered) {
      shown.highlighted = true;
      shown.forceLabel = true;
      shown.zIndex = 3;
    }
    return shown;
  },
  edgeReducer(edge, data) {
    const shown = { ...data };
    const [source, target] = graph.extremities(edge);
    if (!isShown(graph.getNodeAttributes(source)) || !isShown(graph.getNodeAttributes(target))) {
      shown.hidden = true;
      return shown;
    }
    if (state.path) {
      if (state.path.edges.has(edge)) {
        shown.color = HIGHLIGHT;
        shown.size = Math.max(4, data.size * 2);
        shown.zIndex = 2;
      } else {
        shown.color = DIMMED;
        shown.zIndex = 0;
      }
    } else if (state.selected) {
      if (source !== state.selected && target !== state.selected) shown.color = DIMMED;
    }
    return shown;
  },
});

// ---------------------------------------------------------------------------------------------
// Status line and errors.

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

/** Runs `work` while the page says it is busy; errors go to the status line. */
async function busy(text, work) {
  state.busy++;
  document.body.dataset.busy = "true";
  setStatus(text);
  try {
    return await work();
  } catch (error) {
    setStatus(`Error: ${error.message}`, true);
    return undefined;
  } finally {
    state.busy--;
    if (state.busy === 0) document.body.dataset.busy = "false";
  }
}

function describeDrawing() {
  const what = state.scope === "network" ? "" : ` around ${shortLabel(state.scope)}`;
  const cut = state.truncated
    ? ` — cut at ${state.limit} nodes: narrow with filters, or search and expand`
    : "";
  setStatus(`${graph.order} nodes, ${graph.size} edges${what}${cut}`);
}

// ---------------------------------------------------------------------------------------------
// Filling the graph from views.

/** The weights `NetworkInput.collaboration` takes for each choice of what a collaboration is. */
const COLLABORATION_WEIGHTS = {
  all: null,
  works: { agreements: 0, labs: 0, works: 1 },
  formal: { agreements: 1, labs: 1, works: 0 },
};

function networkInput(extra = {}) {
  const input = { projection: state.projection, limit: state.limit };
  const weights = COLLABORATION_WEIGHTS[state.collaboration];
  const projection = extra.projection ?? state.projection;
  if (weights && projection !== "FULL") input.collaboration = weights;
  if (state.country) input.countries = [state.country];
  if (state.topic) input.topics = [state.topic];
  if (state.year !== null) input.to = `${state.year}-12-31`;
  return { ...input, ...extra };
}

function attributesOf(node) {
  const out = {};
  for (const { name, value } of node.attributes ?? []) out[name] = value;
  return out;
}

/** Adds a view's nodes and edges; nodes already drawn keep their place and measures. */
function mergeView(view) {
  const added = [];
  for (const node of view.nodes) {
    if (graph.hasNode(node.id)) continue;
    graph.addNode(node.id, {
      ...labelAttributes(node.label),
      nodeType: node.type,
      color: NODE_COLOURS[node.type] ?? FALLBACK_COLOUR,
      degree: node.degree,
      weight: node.weight,
      community: node.community,
      attributes: attributesOf(node),
      x: 0,
      y: 0,
      size: 6,
    });
    added.push(node.id);
  }
  for (const edge of view.edges) addEdge(edge);
  return added;
}

function addEdge(edge) {
  if (graph.hasEdge(edge.id) || !graph.hasNode(edge.source) || !graph.hasNode(edge.target)) return;
  const attributes = {
    relation: edge.type,
    weight: edge.weight,
    color: EDGE_COLOURS[edge.type] ?? FALLBACK_COLOUR,
    size: edgeSize(edge.weight),
    type: edge.directed ? "arrow" : "line",
  };
  if (edge.directed) graph.addDirectedEdgeWithKey(edge.id, edge.source, edge.target, attributes);
  else graph.addUndirectedEdgeWithKey(edge.id, edge.source, edge.target, attributes);
}

function applySizes() {
  let max = 0;
  graph.forEachNode((_, a) => {
    max = Math.max(max, a[state.sizeBy] ?? 0);
  });
  graph.forEachNode((node, a) => {
    graph.setNodeAttribute(node, "size", nodeSize(a[state.sizeBy] ?? 0, max));
  });
}

function layOut() {
  const positions = radialLayout(graph, state.centre);
  for (const [node, { x, y }] of positions) {
    graph.mergeNodeAttributes(node, { x, y });
  }
}

/**
 * ForceAtlas2 from the current positions for a fixed number of iterations, the centre held at
 * the origin: the same drawing always relaxes into the same picture.
 */
function relax() {
  if (graph.order < 2) return;
  const centre = state.centre ?? mostCentral(graph);
  graph.setNodeAttribute(centre, "fixed", true);
  forceAtlas2.assign(graph, {
    iterations: graph.order > 2000 ? 50 : 150,
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: graph.order > 500 },
  });
  graph.removeNodeAttribute(centre, "fixed");
  redraw({ resetCamera: true });
}

function redraw({ resetCamera = false } = {}) {
  applySizes();
  if (state.colourBy !== "type") fillLegend();
  // A square frame around the origin, so that the centre node is drawn in the middle.
  let extent = 0;
  graph.forEachNode((_, a) => {
    extent = Math.max(extent, Math.abs(a.x), Math.abs(a.y));
  });
  extent = extent || 1;
  renderer.setCustomBBox({ x: [-extent, extent], y: [-extent, extent] });
  renderer.refresh();
  if (resetCamera) renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
}

/**
 * Replaces the drawing with a fresh view of the network under the current filters. When the
 * server has to cut it, the drawing shows instead the neighbourhood of the most central
 * institution (PageRank in the institution projection), which has edges to follow, rather
 * than whichever nodes come first.
 */
async function loadNetwork() {
  await busy("Loading the network…", async () => {
    let view = await api.networkView(networkInput());
    state.scope = "network";
    if (view.truncated) {
      const top = await api.mostCentral(
        networkInput({ projection: "INSTITUTIONS", limit: MAX_VIEW_NODES }),
      );
      if (top) {
        const depth = state.projection === "FULL" ? 2 : 1;
        view = await api.networkView(networkInput({ seed: top.id, depth }));
        state.scope = top.label;
        state.centre = top.id;
      }
    }
    state.truncated = view.truncated;
    state.path = null;
    graph.clear();
    mergeView(view);
    if (state.centre && !graph.hasNode(state.centre)) state.centre = null;
    forgetSelectionIfGone();
    layOut();
    redraw({ resetCamera: true });
    updateExportLink();
    describeDrawing();
    if (!document.body.dataset.loaded) document.body.dataset.loaded = "true";
  });
  $("path-result").textContent = "";
}

/** Adds the node's neighbours (one step, same filters) around it. */
async function expand(id) {
  await busy("Expanding…", async () => {
    if (!graph.hasNode(id)) throw new Error("that node is no longer drawn; search for it");
    const view = await api.networkView(networkInput({ seed: id, depth: 1, limit: EXPAND_LIMIT }));
    const added = mergeView(view);
    const anchor = graph.getNodeAttributes(id);
    for (const [node, position] of ringAround(anchor, added)) {
      graph.mergeNodeAttributes(node, position);
    }
    redraw();
    describeDrawing();
    setStatus(
      `${$("status").textContent} — added ${added.length} neighbour${added.length === 1 ? "" : "s"}` +
        (view.truncated ? ` (cut at ${EXPAND_LIMIT})` : ""),
    );
  });
}

/** Draws the neighbourhood (two steps) of a node that the current drawing lacks. */
async function showNeighbourhood(id, label) {
  await busy(`Loading the neighbourhood of ${label}…`, async () => {
    const view = await api.networkView(networkInput({ seed: id, depth: 2 }));
    graph.clear();
    state.path = null;
    mergeView(view);
    forgetSelectionIfGone();
    state.scope = label;
    state.truncated = view.truncated;
    state.centre = id;
    layOut();
    redraw({ resetCamera: true });
    describeDrawing();
  });
}

// ---------------------------------------------------------------------------------------------
// Selection and details.

/** Text made safe for HTML, in element content and in quoted attribute values alike. */
function escapeText(text) {
  const entities = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  return String(text ?? "").replace(/[&<>"']/g, (c) => entities[c]);
}

/** A filter can take the selected node out of the drawing: then the panel is emptied too. */
function forgetSelectionIfGone() {
  if (state.selected && !graph.hasNode(state.selected)) select(null);
}

async function select(id) {
  state.selected = id;
  renderer.refresh({ skipIndexation: true });
  const panel = $("details");
  if (!id) {
    panel.innerHTML = '<p class="hint">Click a node to see its details and sources.</p>';
    return;
  }
  const node = graph.getNodeAttributes(id);
  const rows = Object.entries(node.attributes ?? {})
    .map(([k, v]) => `<dt>${escapeText(k)}</dt><dd>${escapeText(v)}</dd>`)
    .join("");
  panel.innerHTML = `
    <p class="type">${escapeText(node.nodeType)}</p>
    <h2>${escapeText(node.fullLabel)}</h2>
    <dl>
      <dt>id</dt><dd>${escapeText(id)}</dd>
      <dt>degree</dt><dd>${node.degree}</dd>
      <dt>PageRank</dt><dd>${Number(node.weight).toFixed(4)}</dd>
      ${rows}
    </dl>
    <div class="actions">
      <button type="button" data-action="expand">Expand neighbourhood</button>
      <button type="button" data-action="centre">Put in the centre</button>
      <button type="button" data-action="path-from">Path from here</button>
      <button type="button" data-action="path-to">Path to here</button>
    </div>
    <h3>Sources</h3>
    <div id="sources"><p class="hint">Loading sources…</p></div>`;
  panel.querySelector('[data-action="expand"]').onclick = () => expand(id);
  panel.querySelector('[data-action="centre"]').onclick = () => {
    state.centre = id;
    layOut();
    redraw({ resetCamera: true });
  };
  panel.querySelector('[data-action="path-from"]').onclick = () => {
    $("path-from").value = node.fullLabel;
    $("path-from").dataset.id = id;
  };
  panel.querySelector('[data-action="path-to"]').onclick = () => {
    $("path-to").value = node.fullLabel;
    $("path-to").dataset.id = id;
  };
  const sources = $("sources");
  if (node.nodeType === "Country") {
    sources.innerHTML = '<p class="hint">A country is a grouping, not a record with sources.</p>';
    return;
  }
  try {
    const record = await api.details(id);
    if (state.selected !== id) return;
    const bySource = new Map();
    for (const citation of record?.citations ?? []) {
      const entry = bySource.get(citation.source.id) ?? { source: citation.source, citations: [] };
      entry.citations.push(citation);
      bySource.set(citation.source.id, entry);
    }
    const named =
      record?.nameKnown === "EDITORIAL"
        ? '<p class="hint name-known">The name is a label the editors gave; no source names it so.</p>'
        : "";
    const facts = record?.facts ?? [];
    sources.innerHTML =
      named +
      (bySource.size
        ? `<ul>${[...bySource.values()].map(sourceItem).join("")}</ul>`
        : '<p class="hint">No source is recorded for this node.</p>') +
      (facts.length
        ? `<h3>Facts cited on their own</h3><ul class="facts">${facts.map(factItem).join("")}</ul>`
        : "");
  } catch (error) {
    sources.innerHTML = `<p class="hint">Could not load the sources: ${escapeText(error.message)}</p>`;
  }
}

/** One citation: where (after `source`, when given), in which words, and how the fact is known from it. */
function citationLine(citation, source = "") {
  const where = [source, citation.locator]
    .filter(Boolean)
    .map((part) => `<span class="locator">${escapeText(part)}</span> `)
    .join("");
  const words = citation.quote ? `<q>${escapeText(citation.quote)}</q>` : "";
  const known = citation.known === "STATED" ? "" : ` <span class="known">${escapeText(citation.known.toLowerCase())}</span>`;
  const reason = citation.reason ? ` <small class="reason">${escapeText(citation.reason)}</small>` : "";
  return where || words || known || reason ? `<li class="citation">${where}${words}${known}${reason}</li>` : "";
}

function factItem(fact) {
  const value = fact.value === null ? "" : `: ${escapeText(fact.value)}`;
  const disputed = fact.disputed ? ' <span class="known">disputed</span>' : "";
  const lines = fact.citations.map((c) => citationLine(c, c.source.title)).join("");
  return `<li class="fact"><strong>${escapeText(fact.field)}</strong>${value} <span class="known">${escapeText(fact.known.toLowerCase())}</span>${disputed}<ul>${lines}</ul></li>`;
}

function sourceItem({ source, citations }) {
  const lines = citations.map((c) => citationLine(c)).join("");
  return sourceLine(source, lines ? `<ul class="citations">${lines}</ul>` : "");
}

function sourceLine(source, citations) {
  // Only web addresses become links: a javascript: URL in a seed must not run here.
  const title = /^https?:\/\//i.test(source.url ?? "")
    ? `<a href="${escapeText(source.url)}" rel="noreferrer">${escapeText(source.title)}</a>`
    : escapeText(source.title);
  const meta = [source.publisher, source.date?.value, source.kind?.toLowerCase().replace("_", " ")]
    .filter(Boolean)
    .map(escapeText)
    .join(", ");
  return `<li class="source">${title}${meta ? ` <small>(${meta})</small>` : ""}${citations}</li>`;
}

renderer.on("clickNode", ({ node }) => select(node));
renderer.on("clickStage", () => select(null));
renderer.on("enterNode", ({ node }) => {
  state.hovered = node;
  renderer.refresh({ skipIndexation: true });
});
renderer.on("leaveNode", () => {
  state.hovered = null;
  renderer.refresh({ skipIndexation: true });
});

/** Moves the camera to a drawn node. */
function focus(id) {
  const { x, y } = renderer.getNodeDisplayData(id);
  renderer.getCamera().animate({ x, y, ratio: 0.8 }, { duration: 300 });
}

// ---------------------------------------------------------------------------------------------
// Search.

$("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("search").value.trim();
  const list = $("search-results");
  list.innerHTML = "";
  if (!text) return;
  const results = await busy(`Searching for “${text}”…`, () => api.search(text));
  if (!results) return;
  describeDrawing();
  if (!results.length) {
    list.innerHTML = `<li class="hint">Nothing matches “${escapeText(text)}”.</li>`;
    return;
  }
  for (const result of results) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.id = result.node.id;
    button.innerHTML = `${escapeText(result.node.label)} <small>${escapeText(result.node.__typename)}; ${escapeText(result.field.toLowerCase().replace("_", " "))} “${escapeText(result.matched)}”</small>`;
    button.onclick = async () => {
      if (!graph.hasNode(result.node.id)) {
        await showNeighbourhood(result.node.id, result.node.label);
      }
      if (graph.hasNode(result.node.id)) {
        focus(result.node.id);
        await select(result.node.id);
      }
    };
    item.append(button);
    list.append(item);
  }
});

// ---------------------------------------------------------------------------------------------
// Shortest path.

/** The id for a path end: one chosen from a node's panel, a drawn label, or the best search hit. */
async function resolveEnd(input) {
  const text = input.value.trim();
  if (!text) throw new Error(`say where the path ${input.id === "path-from" ? "starts" : "ends"}`);
  if (input.dataset.id && graph.hasNode(input.dataset.id)) {
    if (graph.getNodeAttribute(input.dataset.id, "fullLabel") === text) return input.dataset.id;
  }
  const hits = await api.search(text, 1);
  if (!hits.length) throw new Error(`nothing is called “${text}”`);
  return hits[0].node.id;
}

$("path-from").addEventListener("input", () => delete $("path-from").dataset.id);
$("path-to").addEventListener("input", () => delete $("path-to").dataset.id);

$("path-find").addEventListener("click", async () => {
  const result = $("path-result");
  result.textContent = "";
  await busy("Finding the shortest path…", async () => {
    const from = await resolveEnd($("path-from"));
    const to = await resolveEnd($("path-to"));
    const path = await api.shortestPath(from, to);
    if (!path) {
      state.path = null;
      renderer.refresh({ skipIndexation: true });
      result.textContent = "No path of 12 steps or fewer joins them.";
      describeDrawing();
      return;
    }
    highlightPath(path);
    result.textContent = `${path.length} step${path.length === 1 ? "" : "s"}: ${path.nodes.map((n) => n.label).join(" → ")}`;
    describeDrawing();
  });
});

$("path-clear").addEventListener("click", () => {
  state.path = null;
  $("path-result").textContent = "";
  renderer.refresh({ skipIndexation: true });
});

/**
 * Highlights a path. On the full graph, nodes and relations the drawing lacks are added; in
 * the institution projection, the collaborations between consecutive institutions on the path
 * are highlighted.
 */
function highlightPath(path) {
  const nodes = new Set();
  const edges = new Set();
  const full = state.projection === "FULL";
  let previous = null;
  for (const node of path.nodes) {
    if (!graph.hasNode(node.id) && (full || node.__typename === "Institution")) {
      const near = previous && graph.hasNode(previous) ? graph.getNodeAttributes(previous) : { x: 0, y: 0 };
      const [[, position]] = ringAround(near, [node.id], 0.8);
      graph.addNode(node.id, {
        ...labelAttributes(node.label),
        nodeType: node.__typename,
        color: NODE_COLOURS[node.__typename] ?? FALLBACK_COLOUR,
        degree: 0,
        weight: 0,
        attributes: {},
        size: 6,
        ...position,
      });
    }
    if (graph.hasNode(node.id)) {
      if (!full && previous) {
        for (const edge of graph.edges(previous, node.id)) edges.add(edge);
        for (const edge of graph.edges(node.id, previous)) edges.add(edge);
      }
      nodes.add(node.id);
      previous = node.id;
    }
  }
  if (full) {
    for (const relation of path.relations) {
      addEdge({
        id: relation.id,
        source: relation.from.id,
        target: relation.to.id,
        type: relation.type,
        weight: 1,
        directed: true,
      });
      if (graph.hasEdge(relation.id)) edges.add(relation.id);
    }
  }
  state.path = { nodes, edges };
  redraw();
}

// ---------------------------------------------------------------------------------------------
// Filters and switches.

for (const radio of document.querySelectorAll('input[name="projection"]')) {
  radio.addEventListener("change", () => {
    state.projection = radio.value;
    state.centre = null;
    loadNetwork();
  });
}
$("country").addEventListener("change", (e) => {
  state.country = e.target.value;
  loadNetwork();
});
$("topic").addEventListener("change", (e) => {
  state.topic = e.target.value;
  loadNetwork();
});
$("year").addEventListener("input", (e) => showYear(Number(e.target.value)));
$("year").addEventListener("change", (e) => {
  showYear(Number(e.target.value));
  loadNetwork();
});
$("limit").addEventListener("change", (e) => {
  const limit = Number(e.target.value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) {
    setStatus("Most nodes to draw: a whole number from 1 to 5000.", true);
    return;
  }
  state.limit = limit;
  loadNetwork();
});
$("collaboration").addEventListener("change", (e) => {
  state.collaboration = e.target.value;
  if (state.projection !== "FULL") loadNetwork();
});
for (const [id, key] of [
  ["status-filter", "status"],
  ["type-filter", "type"],
  ["city-filter", "city"],
]) {
  $(id).addEventListener(id === "city-filter" ? "input" : "change", (e) => {
    state.show[key] = e.target.value.trim().toLowerCase();
    forgetSelectionIfHidden();
    renderer.refresh();
    describeShown();
  });
}
$("colour-by").addEventListener("change", (e) => {
  state.colourBy = e.target.value;
  fillLegend();
  renderer.refresh();
});
$("size-by").addEventListener("change", (e) => {
  state.sizeBy = e.target.value;
  redraw();
});
$("relax").addEventListener("click", relax);
$("radial").addEventListener("click", () => {
  layOut();
  redraw({ resetCamera: true });
});
$("reset").addEventListener("click", () => {
  state.centre = null;
  loadNetwork();
});

/** The slider's last position means "no time filter". */
function showYear(year) {
  const slider = $("year");
  state.year = year >= Number(slider.max) ? null : year;
  $("year-value").textContent = state.year === null ? "all years" : `end of ${state.year}`;
}

async function fillFilters() {
  const choices = await busy("Loading the filters…", () => api.filterChoices());
  if (!choices) return;
  for (const { key, count } of choices.stats.institutionsByCountry) {
    $("country").append(new Option(`${key} (${count} institution${count === 1 ? "" : "s"})`, key));
  }
  for (const topic of choices.topics.nodes) {
    $("topic").append(new Option(topic.label, topic.slug));
  }
  const years = choices.stats.agreementsByYear.map((y) => y.year);
  const slider = $("year");
  const last = years.length ? Math.max(...years) : new Date().getFullYear();
  const first = years.length ? Math.min(...years) : last;
  // One step before the first year an agreement's date names (only those dated loosely, such as
  // "on or before", may be drawn there) to one past the last ("all").
  slider.min = String(first - 1);
  slider.max = String(last + 1);
  slider.value = slider.max;
  showYear(last + 1);
}

// ---------------------------------------------------------------------------------------------
// Export.

function download(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** The drawing as a PNG: sigma's layers (edges, nodes, labels) flattened on white. */
function exportPng() {
  // Render now, so the WebGL layers hold the picture while they are copied.
  renderer.refresh();
  const layers = renderer.getCanvases();
  const { width, height } = layers.nodes;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  for (const [name, layer] of Object.entries(layers)) {
    if (name === "mouse") continue;
    context.drawImage(layer, 0, 0, width, height);
  }
  canvas.toBlob((blob) => download(blob, "collabgraph-view.png"), "image/png");
}

/** The drawing as graphology's serialized graph, positions included (`graph.import()` reads it). */
function exportJson() {
  const blob = new Blob([JSON.stringify(graph.export(), null, 1)], { type: "application/json" });
  download(blob, "collabgraph-view.graphology.json");
}

/** Points the GEXF link at the server's export of the same view. */
function updateExportLink() {
  const params = new URLSearchParams();
  params.set("projection", state.projection === "FULL" ? "full" : "institutions");
  if (state.country) params.set("country", state.country);
  if (state.topic) params.set("topic", state.topic);
  if (state.year !== null) params.set("to", `${state.year}-12-31`);
  const weights = COLLABORATION_WEIGHTS[state.collaboration];
  if (weights && state.projection !== "FULL") {
    params.set("weights", Object.entries(weights).map(([k, v]) => `${k}:${v}`).join(","));
  }
  params.set("limit", String(state.limit));
  $("export-gexf").href = `/export/gexf?${params}`;
}

$("export-png").addEventListener("click", exportPng);
$("export-json").addEventListener("click", exportJson);

// ---------------------------------------------------------------------------------------------
// Legend and start.

function fillLegend() {
  const legend = $("legend");
  legend.replaceChildren();
  const entries =
    state.colourBy === "type"
      ? Object.entries(NODE_COLOURS).filter(([type]) => type !== "Country")
      : [...categoryColours().entries()];
  for (const [value, colour] of entries) {
    const item = document.createElement("li");
    item.innerHTML = `<i style="background:${colour}"></i>${escapeText(value)}`;
    legend.append(item);
  }
  const note = document.createElement("li");
  note.className = "note";
  note.textContent =
    (state.colourBy === "type" ? "" : "Grey: no value, or a rarer one. ") +
    "Size: PageRank or degree. Edges: coloured by relation type, wider when heavier.";
  legend.append(note);
}

// ---------------------------------------------------------------------------------------------
// Colouring and showing by what registries say.

/** The value a node is coloured by now: its type, its community or one of its attributes. */
function colourValue(data) {
  if (state.colourBy === "type") return data.nodeType;
  if (state.colourBy === "community") return data.community === undefined ? undefined : `community ${data.community}`;
  const value = data.attributes?.[state.colourBy];
  // An institution of several registry types is coloured by its first.
  return state.colourBy === "types" && value ? String(value).split(" ")[0] : value;
}

/** Each value of the colouring attribute in the drawing, most frequent first, with its colour. */
function categoryColours() {
  const counts = new Map();
  graph.forEachNode((_, data) => {
    const value = colourValue(data);
    if (value !== undefined && value !== null && value !== "") counts.set(value, (counts.get(value) ?? 0) + 1);
  });
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  return new Map(ranked.slice(0, CATEGORY_COLOURS.length).map(([value], i) => [value, CATEGORY_COLOURS[i]]));
}

let palette = null;

function colourOf(data) {
  if (state.colourBy === "type") return NODE_COLOURS[data.nodeType] ?? FALLBACK_COLOUR;
  palette ??= categoryColours();
  return palette.get(colourValue(data)) ?? FALLBACK_COLOUR;
}

/** Whether a node passes the registry filters: they hide institutions only. */
function isShown(data) {
  if (data.nodeType !== "Institution") return true;
  const { status, type, city } = state.show;
  const a = data.attributes ?? {};
  return (
    (!status || (a.status ?? "active") === status) &&
    (!type || String(a.types ?? "").split(" ").includes(type)) &&
    (!city || String(a.city ?? "").toLowerCase().includes(city))
  );
}

function forgetSelectionIfHidden() {
  if (state.selected && !isShown(graph.getNodeAttributes(state.selected))) select(null);
}

function describeShown() {
  let hidden = 0;
  graph.forEachNode((_, data) => {
    if (!isShown(data)) hidden++;
  });
  describeDrawing();
  if (hidden) setStatus(`${$("status").textContent} — ${hidden} hidden by the registry filters`);
}

// The palette follows the drawing: recomputed whenever nodes come or go.
graph.on("nodeAdded", () => {
  palette = null;
});
graph.on("nodeDropped", () => {
  palette = null;
});
graph.on("cleared", () => {
  palette = null;
});

// For the browser tests and the curious: the graph, the renderer and what is highlighted.
window.collabgraph = {
  graph,
  renderer,
  state,
  /** The node in the middle of the drawing. */
  centre: () => state.centre ?? mostCentral(graph),
  /** Where a node is drawn, in CSS pixels of the drawing's container. */
  viewportPosition: (id) => renderer.graphToViewport(graph.getNodeAttributes(id)),
  /** The colour a node or edge is drawn in now. */
  nodeColour: (id) => renderer.getNodeDisplayData(id)?.color,
  edgeColour: (id) => renderer.getEdgeDisplayData(id)?.color,
  highlight: HIGHLIGHT,
};

fillLegend();
await fillFilters();
await loadNetwork();
