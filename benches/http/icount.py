#!/usr/bin/env python3
"""Instructions per request over HTTP: the server's user-space instructions for each query of the
mix, counted by valgrind's callgrind, for one or more builds side by side.

On this shared machine the same binary's timings move by a third from one process to the next,
more than most changes to the request path. Instruction counts do not: each build is started under
callgrind (not instrumented while it loads), each query is sent a few times to warm the server's
caches, then N times on one keep-alive connection between a reset and a dump of the counters.
The kernel's share (loopback TCP, scheduling) is not counted: it is the same for every build.

    benches/http/icount.py --seed-file target/bench/seed-20000-1.json BEFORE_BINARY AFTER_BINARY

A 20,000-institution seed (`collabgraph generate --institutions 20000`) loads in about 20 s under
valgrind; the large seed takes minutes but shows the search as it costs there. Needs valgrind.
"""
import argparse, glob, http.client, json, os, re, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import pick_queries  # noqa: E402  the same subjects as the timed benchmark


def post(connection, query):
    connection.request("POST", "/graphql", body=json.dumps({"query": query}),
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200 or b'"errors"' in body:
        sys.exit(f"{query[:80]}: {response.status} {body[:300]!r}")


def count(binary, seed_file, port, keys, requests, warm, keep=None):
    """Instructions per request for each query key, on `binary`; the dumps are copied into
    `keep` if given, for callgrind_annotate."""
    listen = f"127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as out:
        server = subprocess.Popen(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no",
             f"--callgrind-out-file={out}/callgrind.%p",
             binary, "serve", "--seed", seed_file, "--listen", listen, "--no-playground"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
        control = lambda *args: subprocess.run(["callgrind_control", *args, str(server.pid)],
                                               check=True, capture_output=True)
        try:
            for line in server.stdout:  # "collabgraph is serving ...", once the graph is loaded
                if b"is serving" in line:
                    break
            control("--instr=on")
            queries, _ = pick_queries(f"http://{listen}/graphql", keys)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            for key, query in queries.items():
                for _ in range(warm):
                    post(connection, query)
                control("--zero")
                for _ in range(requests):
                    post(connection, query)
                control(f"--dump={key}")
        finally:
            server.terminate()
            server.wait(timeout=60)
        counts = {}
        for dump in glob.glob(f"{out}/callgrind.*"):
            with open(dump) as f:
                text = f.read()
            trigger = re.search(r"^desc: Trigger: dump (\S+)$", text, re.M)
            total = re.search(r"^summary: (\d+)$", text, re.M) or re.search(r"^totals: (\d+)$", text, re.M)
            if trigger and total and trigger.group(1) in queries:
                counts[trigger.group(1)] = int(total.group(1)) / requests
                if keep:
                    os.makedirs(keep, exist_ok=True)
                    shutil.copy(dump, os.path.join(keep, f"{os.path.basename(binary)}.{trigger.group(1)}.callgrind"))
        return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binaries", nargs="+", help="release builds of collabgraph to compare")
    ap.add_argument("--seed-file", required=True)
    ap.add_argument("--queries", default="q0,q1,q2,q3,q4")
    ap.add_argument("--requests", type=int, default=300, help="counted requests per query")
    ap.add_argument("--warm", type=int, default=20, help="requests per query before counting")
    ap.add_argument("--port", type=int, default=18090)
    ap.add_argument("--keep", help="a directory to copy the counts into (BINARY.QUERY.callgrind), for callgrind_annotate")
    args = ap.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    keys = args.queries.split(",")
    results = [count(b, args.seed_file, args.port, keys, args.requests, args.warm, args.keep) for b in args.binaries]
    print("query  " + "  ".join(f"{os.path.basename(b):>14}" for b in args.binaries)
          + ("  change" if len(results) > 1 else ""))
    for key in keys:
        row = [r[key] for r in results]
        change = f"  {100 * (row[-1] / row[0] - 1):+.1f}%" if len(row) > 1 else ""
        print(f"{key:5}  " + "  ".join(f"{c:14,.0f}" for c in row) + change)


if __name__ == "__main__":
    main()
