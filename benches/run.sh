#!/usr/bin/env bash
# Runs the performance benchmarks and writes BENCHMARKS.md at the repository root.
# Not a test and not in CI (CI runs the smoke-sized generator test, tests/api/generate.rs).
#
#   benches/run.sh                 # demo (1,000) and large (100,000 institutions)
#   SIZES="1000" benches/run.sh    # a quick run
#   HTTP_SECONDS=10 HTTP_RUNS=3    # the defaults of the HTTP mix (64 connections)
#   HTTP_POLICIES=default,batch    # the load generator as an ordinary and as a batch process, side
#                                  # by side (benches/http/run.py says why); one of them to halve it
#   LOAD_RUNS=3                    # load_phases runs per seed size (the report takes the median)
#   COMPARE=0 benches/run.sh       # skip the igraph/networkx comparison
#   GRAPH=0 benches/run.sh         # skip the criterion graph benches (benches/graph.rs)
#   GRAPH_INSTITUTIONS=100000      # their size (default 1000; 100000 loads for a minute first)
#
# Needs: cargo, python3, wrk (apt-get install wrk) or oha (cargo install oha --locked, then
# HTTP_TOOL=oha), /usr/bin/time. Seeds are generated under target/bench/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 100000"}
SEED=${SEED:-1}
HTTP_SECONDS=${HTTP_SECONDS:-10}
HTTP_RUNS=${HTTP_RUNS:-3}
HTTP_TOOL=${HTTP_TOOL:-wrk}
HTTP_POLICIES=${HTTP_POLICIES:-default,batch}
LOAD_RUNS=${LOAD_RUNS:-3}
OUT=target/bench
mkdir -p "$OUT"

cargo build --release --locked --bin collabgraph --example load_phases
BIN=target/release/collabgraph

{
  echo "## Machine"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- cpu: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p') ($(nproc) cores available), family $(lscpu | sed -n 's/^CPU family:[[:space:]]*//p') model $(lscpu | sed -n 's/^Model:[[:space:]]*//p'), $(lscpu | sed -n 's/^BogoMIPS:[[:space:]]*//p') BogoMIPS"
  echo "- memory: $(free -g | awk '/Mem:/ {print $2}') GiB; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- rustc: $(rustc --version)"
  echo "- commit: $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
} > "$OUT/machine.md"

: > "$OUT/load.md"
for n in $SIZES; do
  seed_file="$OUT/seed-$n-$SEED.json"
  [ -s "$seed_file" ] || "$BIN" generate --institutions "$n" --seed "$SEED" --out "$seed_file"
  # Whole process (parse, validate, build graph and indexes), as `check` does it.
  /usr/bin/time -v "$BIN" check "$seed_file" > "$OUT/check-$n.out" 2> "$OUT/check-$n.time"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/check-$n.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/check-$n.time")
  # The phases in a fresh process each time, LOAD_RUNS times: the report takes the median.
  phases=$(for _ in $(seq "$LOAD_RUNS"); do target/release/examples/load_phases "$seed_file"; done | paste -sd, -)
  echo "$n $(stat -c %s "$seed_file") $wall $rss [$phases]" >> "$OUT/load.md"
done

largest=$(echo $SIZES | tr ' ' '\n' | sort -n | tail -1)
python3 benches/http/run.py --binary "$BIN" --seed-file "$OUT/seed-$largest-$SEED.json" \
  --seconds "$HTTP_SECONDS" --runs "$HTTP_RUNS" --policies "$HTTP_POLICIES" \
  $([ "$HTTP_TOOL" = oha ] && echo --oha) \
  > "$OUT/http.json"

# Ours beside igraph and networkx on the largest seed's edge list (minutes: networkx is slow).
if [ "${COMPARE:-1}" = 1 ]; then
  benches/compare/run.sh "$OUT/seed-$largest-$SEED.json"
else
  rm -f "$OUT/compare.jsonl"
fi

# The graph layer under criterion (benches/graph.rs), in-process on a generated seed.
if [ "${GRAPH:-1}" = 1 ]; then
  COLLABGRAPH_BENCH_INSTITUTIONS=${GRAPH_INSTITUTIONS:-1000} cargo bench --locked --bench graph
fi

python3 benches/report.py "$OUT" > BENCHMARKS.md
if [ "${GRAPH:-1}" = 1 ]; then
  python3 benches/graph_report.py "${GRAPH_INSTITUTIONS:-1000}" >> BENCHMARKS.md
fi
echo "wrote BENCHMARKS.md"
