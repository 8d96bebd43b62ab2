"""Prints BENCHMARKS.md's "Graph layer (criterion)" section from the last
`cargo bench --bench graph` run (criterion's estimates under target/criterion).

    python3 benches/graph_report.py INSTITUTIONS [CRITERION_DIR] >> BENCHMARKS.md
"""
import json
import os
import sys

institutions = int(sys.argv[1])
root = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")

ROWS = [
    ("graph", "bfs_whole_graph", "BFS from one node over the whole graph (`Walker::within`, unbounded)"),
    ("graph", "shortest_path_100_pairs", "shortest path, 100 fixed random pairs (all of them)"),
    ("graph", "two_hop_100_sources", "2-hop neighbourhood, 100 fixed sources (all of them)"),
    ("graph", "pagerank", "PageRank (damping 0.85, tolerance 1e-6)"),
    ("graph", "components", "connected components"),
    ("graph", "betweenness_10_sources", "betweenness sampled from 10 fixed sources"),
    ("lookup", "search_exact", "search, an institution's exact name"),
    ("lookup", "search_misspelt", "search, the same name misspelt"),
    ("lookup", "search_prefix", "search, the name cut inside its last word"),
    ("lookup", "collaborators_hub", "`collaborators_of` the institution with the most"),
    ("lookup", "collaborators_median", "`collaborators_of` an institution with the median number"),
]


def three(x):
    """Three significant digits, trailing zeros kept (1.00, 14.6, 981)."""
    return f"{x:.{max(0, 2 - len(str(int(x))) + 1)}f}"


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{three(ns / scale)} {unit}"
    return f"{three(ns)} ns"


print("## Graph layer (criterion)\n")
print(f"`COLLABGRAPH_BENCH_INSTITUTIONS={institutions} cargo bench --bench graph` "
      f"(benches/graph.rs): a seed of {institutions:,} institutions generated in-process (seed 1), "
      "its whole graph as one undirected analysis graph (built as examples/algorithms_compare.rs builds it), pairs and "
      "sources drawn once with PCG-64 (seed 7). Criterion's median time per iteration. "
      "On this machine's 2 shared cores, with other builds running: noisy, compare ratios.\n")
print("| group/benchmark | what | median |")
print("|---|---|---:|")
for group, name, what in ROWS:
    path = os.path.join(root, group, name, "new", "estimates.json")
    if not os.path.exists(path):
        continue
    median = json.load(open(path))["median"]["point_estimate"]
    print(f"| {group}/{name} | {what} | {human(median)} |")
print()
