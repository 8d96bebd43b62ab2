"""Reads a collabgraph export with networkx and prints what networkx made of it, for
tests/api/export.rs.

Usage: read_graph.py gexf|graphml FILE

Prints one JSON object:

    {"reader": "networkx 3.6.1 read_gexf", "directed": bool, "multigraph": bool,
     "graph": {graph attributes},
     "nodes": {node id: {attributes}},
     "edges": [{"id": .., "source": .., "target": .., "directed": bool, "attributes": {..}}]}

Attributes are the values networkx parsed, with the Python types the file declared (int,
float, str, bool), so the test can check the declared types came through.
"""

import json
import sys

import networkx as nx

READERS = {"gexf": nx.read_gexf, "graphml": nx.read_graphml}


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    graph = READERS[fmt](path)
    edges = []
    if graph.is_multigraph():
        triples = ((u, v, d) for u, v, _, d in graph.edges(keys=True, data=True))
    else:
        triples = graph.edges(data=True)
    for source, target, data in triples:
        data = dict(data)
        edges.append(
            {
                "id": data.pop("id", None),
                "source": source,
                "target": target,
                "directed": graph.is_directed(),
                "attributes": data,
            }
        )
    out = {
        "reader": f"networkx {nx.__version__} read_{fmt}",
        "directed": graph.is_directed(),
        "multigraph": graph.is_multigraph(),
        "graph": dict(graph.graph),
        "nodes": {node: dict(data) for node, data in graph.nodes(data=True)},
        "edges": edges,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
