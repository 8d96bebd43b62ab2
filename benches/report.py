#!/usr/bin/env python3
"""Writes BENCHMARKS.md (to stdout) from the outputs benches/run.sh leaves in target/bench/,
with the registry imports' findings and run of record (benches/registries/notes.md and
RESULTS.md) after the load, followed by the hand-written findings in benches/notes.md."""
import json, os, sys

out = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
print("# Benchmarks\n")
print("Written by `benches/run.sh` from one run; the figures below are that run's. Rerun it to "
      "check them on another machine. Ratios are measured within the same run, so they hold on a "
      "noisy machine better than absolute figures do.\n")
print(open(os.path.join(out, "machine.md")).read())

print("## Load: parse, validate, build the graph and indexes\n")
print("`collabgraph check SEED` under `/usr/bin/time -v` (the whole process), and the phases "
      "from `cargo run --release --example load_phases -- SEED`, run a few times, each in a "
      "fresh process: the phases are those of the run with the median total, and every run's "
      "total is listed.\n")
print("| institutions | seed size | nodes | relations | `check` wall | `check` peak RSS | load_phases totals | read and type records | check, index, build graph | RSS loaded | bytes/node | bytes/relation |")
print("|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|")
loads = []
for line in open(os.path.join(out, "load.md")):
    n, size, wall, rss, phases = line.split(" ", 4)
    runs = json.loads(phases)
    # The run with the median total (the lower middle one of an even number).
    p = sorted(runs, key=lambda r: r["total_s"])[(len(runs) - 1) // 2]
    totals = ", ".join(f"{r['total_s']:.2f}" for r in runs)
    loads.append((int(n), wall, int(rss), p, totals))
    print(f"| {int(n):,} | {int(size)/1e6:.0f} MB | {p['nodes']:,} | {p['edges']:,} | {wall} | "
          f"{int(rss)/1024:.0f} MiB | {totals} s | {p['read_s']:.2f} s | {p['check_and_build_s']:.2f} s | "
          f"{p['rss_loaded_mib']:.0f} MiB | {p['bytes_per_node']} | {p['bytes_per_edge']} |")
print("\nBytes per node and per relation divide the whole loaded process's RSS by each count "
      "(records, graph, id maps and the search index together), so they overlap.\n")

http_path = os.path.join(out, "http.json")
if os.path.exists(http_path):
    h = json.load(open(http_path))
    print("## HTTP: the query mix on the largest seed\n")
    print(f"`benches/http/run.py`: the release binary on 127.0.0.1, {h['tool']} at "
          f"{h['connections']} connections, {h['seconds']} s per run, {h['runs']} runs per query, "
          f"interleaved (q0 to q6, then again), medians shown; server CPU is the server process's "
          f"user and system time per answer during the runs. Subject institution `{h['subject']}`, path to `{h['other']}`, "
          f"search text \"{h['misspelt']}\". The server started (loaded the seed) in "
          f"{h['startup_seconds']:.1f} s; RSS {h['rss_loaded_mib']:.0f} MiB loaded, "
          f"{h['rss_peak_mib']:.0f} MiB at most under load.\n")
    print("The load generator runs on the same two cores as the server. Each run is made twice, side "
          "by side: with the generator as an ordinary process, which preempts a server thread each "
          "time a response wakes it, and as a batch process (`chrt --batch 0`), which gets the same "
          "share of the cores but waits for its turn, as a generator on another machine would not "
          "interrupt the server at all.\n")
    what = {"q0": "`{ __typename }` (ceiling)", "q1": "institution by id: name, country",
            "q2": "institution, its agreements and their parties", "q3": "first 50 institutions of a country",
            "q4": "search by a misspelt name", "q5": "shortest path between two institutions",
            "q6": "network view of ~500 nodes"}
    targets = {"q1": 0.7, "q2": 0.5, "q3": 0.5, "q4": 0.3}
    titles = {"default": "Generator as an ordinary process", "batch": "Generator as a batch process"}
    for policy, r in h["results"].items():
        print(f"### {titles.get(policy, policy)}\n")
        print("| query | what | req/s | of q0 | p50 | p99 | server CPU per answer | target | met |")
        print("|---|---|---:|---:|---:|---:|---:|---|---|")
        q0 = r.get("q0", {}).get("rps")
        for key, res in r.items():
            ratio = res["rps"] / q0 if q0 else None
            target = met = ""
            if key in targets:
                target = f"≥ {targets[key]:.0%} of q0, p99 ≤ 10 ms"
                met = "yes" if ratio >= targets[key] and res["p99_ms"] <= 10 else "**no**"
            errors = f" ({res['non2xx']} non-2xx)" if res["non2xx"] else ""
            print(f"| {key} | {what.get(key, '')} | {res['rps']:,.0f}{errors} | "
                  f"{'' if ratio is None else f'{ratio:.0%}'} | {res['p50_ms']:.2f} ms | {res['p99_ms']:.2f} ms | "
                  f"{res['server_cpu_us']:.0f} µs | {target} | {met} |")
        print()
    print("The queries, as sent:\n")
    for key, res in next(iter(h["results"].values())).items():
        print(f"- {key}: `{res['query']}`")
    print()

if loads:
    n, wall, rss, p, totals = max(loads)
    print("## Load targets\n")
    print(f"- Loading the largest seed ({n:,} institutions) ≤ 10 s: `check` took {wall} "
          f"(load_phases: median {p['total_s']:.1f} s of {totals} s) — "
          f"{'met' if p['total_s'] <= 10 else '**missed**'}.")
    # 2 GB as 2,000,000,000 bytes (1,907 MiB); /usr/bin/time reports KiB.
    print(f"- RSS ≤ 2 GB (1,907 MiB): peak {rss/1024:.0f} MiB in `check`, {p['rss_loaded_mib']:.0f} MiB once loaded — "
          f"{'met' if rss * 1024 <= 2e9 else '**missed**'}.\n")

# Registry data: hand-written findings, then the run of record of benches/registries/run.sh
# (its own script: it takes minutes and 7 GB at full scale), its headings one level down.
print(open(os.path.join(here, "registries", "notes.md")).read())
results = os.path.join(here, "registries", "RESULTS.md")
if os.path.exists(results):
    for line in open(results):
        print(("#" + line) if line.startswith("#") else line, end="")
    print()

compare_path = os.path.join(out, "compare.jsonl")
if os.path.exists(compare_path):
    rows = [json.loads(line) for line in open(compare_path) if line.strip()]
    print("## Graph algorithms beside igraph and networkx\n")
    print(f"`benches/compare/run.sh SEED`: the whole graph of the largest seed as one undirected edge "
          f"list ({rows[0]['nodes']:,} nodes, {rows[0]['edges']:,} edges), the same random pairs and "
          f"sources for every tool (examples/algorithms_compare.rs draws them), seconds, one run, in "
          f"one process per tool one after the other. The counts (nodes reached, paths found, "
          f"components) agree, so each did the same work.\n")
    ops = [("build_s", "build the graph"), ("bfs_s", "BFS from one node (whole graph)"),
           ("shortest_paths_s", "shortest path, 100 random pairs"), ("khop_s", "2-hop neighbourhood, 100 sources"),
           ("pagerank_s", "PageRank"), ("components_s", "connected components"),
           ("betweenness_sampled_s", "betweenness from 10 sampled sources")]
    print("| operation | " + " | ".join(r["tool"] for r in rows) + " | ours vs the better other |")
    print("|---|" + "---:|" * len(rows) + "---|")
    for key, label in ops:
        cells = [f"{r[key]:.3f}" if key in r else "" for r in rows]
        others = [r[key] for r in rows[1:] if key in r]
        verdict = ""
        if others and key in rows[0]:
            best = min(others)
            verdict = "faster" if rows[0][key] <= best else f"**{rows[0][key] / best:.1f}x slower**"
        print(f"| {label} | " + " | ".join(cells) + f" | {verdict} |")
    print()

notes = os.path.join(here, "notes.md")
if os.path.exists(notes):
    print(open(notes).read())
