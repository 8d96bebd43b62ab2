#!/usr/bin/env python3
"""HTTP benchmark: the q0-q6 query mix against the release binary on a generated seed.

Starts `collabgraph serve` on 127.0.0.1, runs a load generator (wrk, or oha if --oha) at a fixed
concurrency for a fixed time per query, three runs each, and prints the medians of req/s, p50 and
p99 as JSON, with the server's peak RSS under load. Not a test; see benches/run.sh.

Each run is made twice, side by side: with the load generator as an ordinary process, and as a
batch process (`chrt --batch 0`, SCHED_BATCH). The generator shares the cores with the server, and
as an ordinary process it preempts a server thread each time a response wakes it; a batch process
is never woken into the CPU ahead of a running thread, so it still gets its share of the cores but
no longer interrupts the server mid-request, as a generator on another machine could not.

    benches/http/run.py --binary target/release/collabgraph --seed-file target/bench/large.json
"""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def post(url, query):
    body = json.dumps({"query": query}).encode()
    req = urllib.request.Request(url, body, {"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.load(r)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """User plus system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url, query, connections, seconds, threads, prefix):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
        lua.write("wrk.body = %s\n" % json.dumps(json.dumps({"query": query})))
    try:
        out = subprocess.run(
            prefix + ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", lua.name, url],
            check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(lua.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {p: ms(v, u) for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {"rps": rate, "requests": requests, "p50_ms": pct["50"], "p99_ms": pct["99"], "non2xx": int(errors.group(1)) if errors else 0}


def run_oha(url, query, connections, seconds, _threads, prefix):
    out = subprocess.run(
        prefix + ["oha", "-c", str(connections), "-z", f"{seconds}s", "--no-tui", "--output-format", "json",
         "-m", "POST", "-H", "content-type: application/json", "-d", json.dumps({"query": query}), url],
        check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    pct = data["latencyPercentiles"]
    bad = sum(n for code, n in data.get("statusCodeDistribution", {}).items() if not code.startswith("2"))
    return {"rps": data["summary"]["requestsPerSec"], "requests": round(data["summary"]["requestsPerSec"] * seconds), "p50_ms": pct["p50"] * 1000, "p99_ms": pct["p99"] * 1000, "non2xx": bad}


def pick_queries(url, keys):
    """The mix's queries for the graph served at `url`, by key, with the subjects they name.

    The subjects come from the data itself: an institution of median degree, one far away, its
    country, and its name with one letter dropped. Every query is run once and must answer
    without errors.
    """
    probe = post(url, '{ institutions(first: 100, orderBy: {field: ID}) { nodes { id country name agreements { totalCount } } } }')
    if "data" not in probe:
        # A build from before nested lists were paged (to compare with it): a plain list.
        probe = post(url, '{ institutions(first: 100, orderBy: {field: ID}) { nodes { id country name agreements { id } } } }')
        for node in probe["data"]["institutions"]["nodes"]:
            node["agreements"] = {"totalCount": len(node["agreements"])}
    nodes = probe["data"]["institutions"]["nodes"]
    nodes.sort(key=lambda n: (n["agreements"]["totalCount"], n["id"]))
    subject = nodes[len(nodes) // 2]
    # q2 asks for a page of 100 of the subject's agreements (and the default 20 of each one's
    # parties; the generator gives an agreement 2 to 4): it must get them all.
    if subject["agreements"]["totalCount"] > 100:
        sys.exit(f"{subject['id']} has more agreements than q2's page of 100 holds")
    words = subject["name"].split(" ")
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    w = words[longest]
    words[longest] = w[:len(w) // 2] + w[len(w) // 2 + 1:]
    subjects = {"subject": subject["id"], "other": nodes[-1]["id"] if nodes[-1]["id"] != subject["id"] else nodes[0]["id"],
                "misspelt": " ".join(words)}
    with open(os.path.join(HERE, "queries.json")) as f:
        templates = json.load(f)
    queries = {}
    for key in keys:
        q = templates[key]
        for var, value in {"$INST": subjects["subject"], "$OTHER": subjects["other"], "$COUNTRY": subject["country"],
                           "$MISSPELT": subjects["misspelt"]}.items():
            q = q.replace(var, value)
        check = post(url, q)
        if "errors" in check:
            sys.exit(f"{key} fails: {json.dumps(check)[:500]}")
        queries[key] = q
    return queries, subjects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default="target/release/collabgraph")
    ap.add_argument("--seed-file", required=True)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2, help="wrk threads")
    ap.add_argument("--oha", action="store_true", help="use oha instead of wrk")
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--queries", default="q0,q1,q2,q3,q4,q5,q6")
    ap.add_argument("--policies", default="default,batch",
                    help="the load generator's scheduling, comma-separated: default, batch (chrt --batch 0), or both")
    args = ap.parse_args()
    tool = run_oha if args.oha else run_wrk
    if not shutil.which("oha" if args.oha else "wrk"):
        sys.exit("the load generator is not installed (apt-get install wrk, or cargo install oha --locked)")

    listen = f"127.0.0.1:{args.port}"
    url = f"http://{listen}/graphql"
    started = time.time()
    # Generous limits: the benchmark measures speed, not the public limits' refusals.
    server = subprocess.Popen(
        [args.binary, "serve", "--seed", args.seed_file, "--listen", listen, "--no-playground"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, "RUST_LOG": "warn"})
    try:
        server.stdout.readline()  # the "serving" line, printed once the graph is loaded
        load_seconds = time.time() - started
        rss_loaded = rss_kib(server.pid)
        queries, subjects = pick_queries(url, args.queries.split(","))

        peak = [rss_loaded]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kib(server.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # Runs interleave the queries (q0..q6, then again) and the generator's policies, so that a
        # change in the machine's load during the benchmark falls on every query alike and the
        # ratios to q0 hold.
        prefixes = {"default": [], "batch": ["chrt", "--batch", "0"]}
        policies = args.policies.split(",")
        runs = {(policy, key): [] for policy in policies for key in queries}
        for _ in range(args.runs):
            for key, q in queries.items():
                for policy in policies:
                    cpu = cpu_seconds(server.pid)
                    run = tool(url, q, args.connections, args.seconds, args.threads, prefixes[policy])
                    # The server's own CPU per answer: what a query costs, whatever else runs.
                    run["server_cpu_us"] = (cpu_seconds(server.pid) - cpu) * 1e6 / max(run["requests"], 1)
                    runs[(policy, key)].append(run)
        results = {policy: {} for policy in policies}
        for (policy, key), rs in runs.items():
            q = queries[key]
            results[policy][key] = {
                "query": q,
                "runs": rs,
                "rps": statistics.median(r["rps"] for r in rs),
                "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                "p99_ms": statistics.median(r["p99_ms"] for r in rs),
                "server_cpu_us": statistics.median(r["server_cpu_us"] for r in rs),
                "non2xx": sum(r["non2xx"] for r in rs),
            }
            r = results[policy][key]
            print(f"{policy} {key}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
                  f"server CPU {r['server_cpu_us']:.0f} us/request", file=sys.stderr)
        stop.set()
        sampler.join()
        print(json.dumps({
            "tool": "oha" if args.oha else "wrk",
            "connections": args.connections, "seconds": args.seconds, "runs": args.runs,
            "seed_file": args.seed_file, "startup_seconds": load_seconds,
            "rss_loaded_mib": rss_loaded / 1024, "rss_peak_mib": peak[0] / 1024,
            **subjects,
            "results": results,  # by the generator's policy, then by query
        }, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
