"""Reference values from networkx for the cross-check in tests/api/crosscheck.rs.

Usage: crosscheck_networkx.py INPUT.json

INPUT holds one undirected graph and what to ask about it:

    {"nodes": n, "edges": [[a, b, weight], ...], "pairs": [[s, t], ...],
     "communities": [community of node 0, ...], "louvain_seed": 42}

Nodes are 0..n-1. Parallel edges are merged into one edge whose weight is their sum: that
is how collabgraph's algorithms treat them (weights add up in PageRank, modularity and
Louvain; degree, betweenness and bridges look at linked pairs, not at edges). `communities`
is collabgraph's Louvain partition, so that networkx's modularity can be computed for it too.

One definitional difference is bridged here rather than in Rust: networkx's degree counts a
self-loop twice, collabgraph's degree is the number of *other* nodes linked; degree
centrality is therefore computed on the graph without its self-loops.

Prints one JSON object on stdout; see `main` for its keys.
"""

import json
import sys

import networkx as nx
from networkx.algorithms.link_analysis import pagerank_alg


def build(spec):
    graph = nx.Graph()
    graph.add_nodes_from(range(spec["nodes"]))
    for a, b, w in spec["edges"]:
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += w
        else:
            graph.add_edge(a, b, weight=w)
    return graph


def pagerank(graph):
    """networkx's power iteration for PageRank.

    Since networkx 3.0, `nx.pagerank` runs `_pagerank_scipy`, which needs scipy (and numpy).
    `_pagerank_python` is the same power iteration in plain Python (same start vector,
    dangling-node handling and stopping rule: L1 change < N * tol), kept by networkx as the
    reference its own tests compare the scipy version against; using it keeps the venv to
    networkx alone. If a future networkx drops it, fall back to the public function.
    """
    kwargs = dict(alpha=0.85, tol=1e-10, max_iter=1000, weight="weight")
    reference = getattr(pagerank_alg, "_pagerank_python", None)
    if reference is not None:
        return reference(graph, **kwargs), "networkx._pagerank_python"
    return nx.pagerank(graph, **kwargs), "networkx.pagerank"


def by_node(values, n):
    return [values[i] for i in range(n)]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    n = spec["nodes"]
    graph = build(spec)

    components = [sorted(c) for c in nx.connected_components(graph)]
    components.sort(key=lambda c: (-len(c), c[0]))

    rank, rank_impl = pagerank(graph)

    loopless = graph.copy()
    loopless.remove_edges_from(list(nx.selfloop_edges(loopless)))

    paths = []
    for s, t in spec["pairs"]:
        try:
            paths.append(nx.shortest_path_length(graph, s, t))
        except nx.NetworkXNoPath:
            paths.append(None)

    seed = spec.get("louvain_seed", 42)
    louvain = nx.community.louvain_communities(graph, weight="weight", resolution=1, seed=seed)
    louvain = sorted((sorted(c) for c in louvain), key=lambda c: (-len(c), c[0]))

    ours = spec.get("communities")
    ours_modularity = None
    if ours is not None:
        groups = {}
        for node, c in enumerate(ours):
            groups.setdefault(c, set()).add(node)
        ours_modularity = nx.community.modularity(graph, groups.values(), weight="weight")

    result = {
        "networkx": nx.__version__,
        "pagerank_impl": rank_impl,
        "merged_edges": graph.number_of_edges(),
        "self_loops": nx.number_of_selfloops(graph),
        "components": components,
        "degree_centrality": by_node(nx.degree_centrality(loopless), n),
        "pagerank": by_node(rank, n),
        "betweenness": by_node(nx.betweenness_centrality(graph, normalized=True), n),
        "closeness": by_node(nx.closeness_centrality(graph), n),
        "articulation_points": sorted(nx.articulation_points(graph)),
        "bridges": sorted(tuple(sorted(e)) for e in nx.bridges(graph)),
        "path_lengths": paths,
        "louvain_communities": louvain,
        "louvain_modularity": nx.community.modularity(graph, louvain, weight="weight"),
        "modularity_of_ours": ours_modularity,
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
