#!/usr/bin/env python3
"""Two builds under the same HTTP mix, side by side: both servers loaded at once, each query run
on one and then the other, round after round, so that the machine's changing load falls on both
alike. Prints, per query, each build's median req/s, p99 and server CPU per answer, and the
ratio of the second build to the first.

    benches/http/side_by_side.py --seed-file target/bench/seed-100000-1.json BEFORE AFTER

Use it to show a change costs nothing (or what it costs) over HTTP; `icount.py` gives the
steadier instruction counts of the same comparison. Needs wrk.
"""
import argparse, json, os, statistics, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import cpu_seconds, pick_queries, rss_kib, run_wrk  # noqa: E402  the mix and its measures


def start(binary, seed_file, port):
    listen = f"127.0.0.1:{port}"
    started = time.time()
    server = subprocess.Popen(
        [binary, "serve", "--seed", seed_file, "--listen", listen, "--no-playground"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    server.stdout.readline()  # the "serving" line, printed once the graph is loaded
    return server, f"http://{listen}/graphql", time.time() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binaries", nargs=2, help="two release builds of collabgraph: before, after")
    ap.add_argument("--seed-file", required=True)
    ap.add_argument("--queries", default="q0,q1,q2,q3,q4")
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--port", type=int, default=18180)
    args = ap.parse_args()

    servers = []
    try:
        for i, binary in enumerate(args.binaries):
            servers.append(start(binary, args.seed_file, args.port + i))
        keys = args.queries.split(",")
        # The subjects are picked on the first build; the second must answer the same queries.
        queries, subjects = pick_queries(servers[0][1], keys)
        pick_queries(servers[1][1], keys)
        runs = {(b, k): [] for b in range(2) for k in keys}
        for round_ in range(args.rounds):
            for key in keys:
                # Alternate which build goes first, so neither always follows the other.
                order = (0, 1) if round_ % 2 == 0 else (1, 0)
                for b in order:
                    server, url, _ = servers[b]
                    cpu = cpu_seconds(server.pid)
                    run = run_wrk(url, queries[key], args.connections, args.seconds, args.threads, [])
                    run["server_cpu_us"] = (cpu_seconds(server.pid) - cpu) * 1e6 / max(run["requests"], 1)
                    runs[(b, key)].append(run)
        report = {"seed_file": args.seed_file, "binaries": args.binaries, "seconds": args.seconds,
                  "rounds": args.rounds, "connections": args.connections, **subjects,
                  "startup_seconds": [s[2] for s in servers],
                  "rss_mib": [rss_kib(s[0].pid) / 1024 for s in servers], "queries": {}}
        for key in keys:
            row = {}
            for b in range(2):
                rs = runs[(b, key)]
                row[b] = {m: statistics.median(r[m] for r in rs) for m in ("rps", "p99_ms", "server_cpu_us")}
                row[b]["non2xx"] = sum(r["non2xx"] for r in rs)
                row[b]["runs"] = rs
            ratio = row[1]["rps"] / row[0]["rps"]
            report["queries"][key] = {"before": row[0], "after": row[1], "rps_ratio": ratio}
            print(f"{key}: before {row[0]['rps']:.0f} req/s p99 {row[0]['p99_ms']:.2f} ms "
                  f"{row[0]['server_cpu_us']:.0f} us; after {row[1]['rps']:.0f} req/s "
                  f"p99 {row[1]['p99_ms']:.2f} ms {row[1]['server_cpu_us']:.0f} us; "
                  f"after/before {ratio:.3f}", file=sys.stderr)
        print(json.dumps(report, indent=2))
    finally:
        for server, _, _ in servers:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
