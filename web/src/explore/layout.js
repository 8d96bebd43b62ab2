// A deterministic radial layout: the most central institution (by PageRank, ties broken by id)
// in the middle, every other node on the ring of its distance from it, each ring ordered by the
// angle of the node's parent so that branches stay together. Nodes the centre does not reach
// go on an outer ring. The same view always gets the same picture, which the tests rely on.

const RING = 1;
/** Least distance between neighbours on a ring. */
const SPACING = 0.6;

/** Positions for every node of `graph` (graphology), returned as a Map id -> {x, y}. */
export function radialLayout(graph, centre) {
  const positions = new Map();
  if (graph.order === 0) return positions;
  const nodes = graph.nodes().sort();
  if (!centre || !graph.hasNode(centre)) centre = mostCentral(graph);

  // Breadth-first rings from the centre, neighbours visited in id order.
  const depth = new Map([[centre, 0]]);
  const parent = new Map();
  const rings = [[centre]];
  for (let d = 0; rings[d] && rings[d].length; d++) {
    const next = [];
    for (const node of rings[d]) {
      for (const neighbour of graph.neighbors(node).sort()) {
        if (!depth.has(neighbour)) {
          depth.set(neighbour, d + 1);
          parent.set(neighbour, node);
          next.push(neighbour);
        }
      }
    }
    if (next.length) rings.push(next);
    else break;
  }
  const unreached = nodes.filter((n) => !depth.has(n));

  positions.set(centre, { x: 0, y: 0 });
  const angle = new Map([[centre, -Math.PI / 2]]);
  let radius = 0;
  for (let d = 1; d < rings.length; d++) {
    const ring = rings[d]
      .map((n) => ({ n, a: angle.get(parent.get(n)) }))
      .sort((p, q) => p.a - q.a || (p.n < q.n ? -1 : 1));
    // Wider rings for crowded levels, so that neighbours on a ring stay apart.
    // Rings close in as they go out (1, 1.5, 1.83, ...), so that the centre's own
    // neighbourhood, which matters most, gets the most room.
    radius = Math.max(radius + RING / d, (ring.length * SPACING) / (2 * Math.PI));
    // The first ring starts at the top; later ones where their first node's parent points.
    placeOnRing(ring.map((p) => p.n), radius, d === 1 ? -Math.PI / 2 : ring[0].a, positions, angle);
  }
  if (unreached.length) {
    radius = Math.max(radius + RING / rings.length, (unreached.length * SPACING) / (2 * Math.PI));
    placeOnRing(unreached, radius, -Math.PI / 2, positions, angle);
  }
  return positions;
}

function placeOnRing(ring, radius, start, positions, angle) {
  const step = (2 * Math.PI) / ring.length;
  ring.forEach((node, i) => {
    const a = start + i * step;
    angle.set(node, a);
    positions.set(node, { x: radius * Math.cos(a), y: radius * Math.sin(a) });
  });
}

/**
 * The institution with the highest `weight` (PageRank), ties broken by the smaller id: this is
 * a network of institutions, and an agreement or a topic in the middle says little. Any node
 * when the view holds no institution.
 */
export function mostCentral(graph) {
  let best = null;
  let bestRank = null;
  graph.forEachNode((node, attributes) => {
    const rank = [attributes.nodeType === "Institution" ? 1 : 0, attributes.weight ?? 0];
    const better =
      bestRank === null ||
      rank[0] > bestRank[0] ||
      (rank[0] === bestRank[0] && (rank[1] > bestRank[1] || (rank[1] === bestRank[1] && node < best)));
    if (better) {
      best = node;
      bestRank = rank;
    }
  });
  return best;
}

/** Positions for nodes new to the drawing around `anchor`, on a small ring facing outwards. */
export function ringAround(anchor, ids, scale = 0.6) {
  const out = new Map();
  const away = Math.atan2(anchor.y, anchor.x) || 0;
  const spread = ids.length > 1 ? Math.min(Math.PI * 1.5, ids.length * 0.5) : 0;
  ids.forEach((id, i) => {
    const a = away - spread / 2 + (ids.length > 1 ? (spread * i) / (ids.length - 1) : 0);
    const r = scale * RING * (1 + 0.15 * (i % 3));
    out.set(id, { x: anchor.x + r * Math.cos(a), y: anchor.y + r * Math.sin(a) });
  });
  return out;
}
