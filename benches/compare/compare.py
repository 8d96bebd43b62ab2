#!/usr/bin/env python3
"""Times igraph (C core) and networkx on the edge list and samples that
`cargo run --release --example algorithms_compare -- SEED OUT` wrote to OUT, the same
operations our example timed: a full BFS, shortest paths between the same random pairs, 2-hop
neighbourhoods of the same sources, PageRank (alpha 0.85, tolerance 1e-6), connected
components, betweenness from the same number of sampled sources. Prints JSON lines, one per
tool. Run it with a Python that has requirements.txt (benches/compare/run.sh makes a venv)."""
import json, sys, time


def timed(f):
    start = time.perf_counter()
    result = f()
    return time.perf_counter() - start, result


def main():
    out = sys.argv[1]
    tools = sys.argv[2].split(",") if len(sys.argv) > 2 else ["igraph", "networkx"]
    with open(f"{out}/edges.txt") as f:
        n = int(f.readline())
        edges = [tuple(map(int, line.split())) for line in f]
    samples = json.load(open(f"{out}/samples.json"))
    pairs, hops, sources, bfs_source = samples["pairs"], samples["hops"], samples["sources"], samples["bfs_source"]

    if "igraph" in tools:
        import igraph as ig
        build, g = timed(lambda: ig.Graph(n=n, edges=edges, directed=False))
        r = {"tool": f"igraph {ig.__version__}", "nodes": n, "edges": len(edges), "build_s": build}
        r["bfs_s"], reached = timed(lambda: len(g.bfs(bfs_source)[0]))
        r["bfs_reached"] = reached

        def paths():
            found = 0
            for a, b in pairs:
                p = g.get_shortest_path(a, b)
                found += 1 if p else 0
            return found
        r["shortest_paths_s"], r["paths_found"] = timed(paths)
        r["khop_s"], r["khop_nodes"] = timed(lambda: sum(len(x) for x in g.neighborhood(hops, order=2)))
        r["pagerank_s"], _ = timed(lambda: g.pagerank(damping=0.85))
        r["components_s"], comps = timed(lambda: len(g.connected_components()))
        r["components"] = comps
        r["betweenness_sampled_s"], _ = timed(lambda: g.betweenness(sources=sources, directed=False))
        print(json.dumps(r), flush=True)
        del g

    if "networkx" in tools:
        import networkx as nx
        def make():
            G = nx.Graph()
            G.add_nodes_from(range(n))
            G.add_edges_from(edges)
            return G
        build, G = timed(make)
        r = {"tool": f"networkx {nx.__version__}", "nodes": n, "edges": G.number_of_edges(), "build_s": build}
        r["bfs_s"], reached = timed(lambda: sum(1 for _ in nx.bfs_tree(G, bfs_source)))
        r["bfs_reached"] = reached

        def paths():
            found = 0
            for a, b in pairs:
                try:
                    nx.bidirectional_shortest_path(G, a, b)
                    found += 1
                except nx.NetworkXNoPath:
                    pass
            return found
        r["shortest_paths_s"], r["paths_found"] = timed(paths)
        r["khop_s"], r["khop_nodes"] = timed(
            lambda: sum(len(nx.single_source_shortest_path_length(G, s, cutoff=2)) for s in hops))
        r["pagerank_s"], _ = timed(lambda: nx.pagerank(G, alpha=0.85, tol=1e-6))
        r["components_s"], comps = timed(lambda: nx.number_connected_components(G))
        r["components"] = comps
        # networkx draws its own k sources (seeded); the work is the same k single-source passes.
        r["betweenness_sampled_s"], _ = timed(lambda: nx.betweenness_centrality(G, k=len(sources), seed=7))
        print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
