#!/usr/bin/env bash
# Registry data at full scale, end to end, as an analyst would bring it in: generate ROR- and
# OpenAlex-shaped records (`generate --registries`), import both, check them beside the curated
# seed, serve the three together and time the queries that read them (each twice: the first
# answer builds what is built on first use, the second shows the steady cost). Then the same
# for the real ROR records of ../shared/realdata/ when they are there (said when they are not).
# Not a test and not in CI (tests/api/generate.rs and tests/api/openalex.rs run small sizes).
#
#   benches/registries/run.sh                                 # 120,000 organisations, 1,000,000 works
#   INSTITUTIONS=10000 WORKS=50000 benches/registries/run.sh  # a quick run
#   PORT=18124 SKIP_BUILD=1 REAL=0                            # another port; no build; no real ROR run
#
# Writes benches/registries/RESULTS.md (the run of record, committed; BENCHMARKS.md includes it)
# and keeps its files (records, seeds, answers, server logs) under target/bench/registries/.
# Needs: cargo, python3, curl, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
INSTITUTIONS=${INSTITUTIONS:-120000}
WORKS=${WORKS:-1000000}
SEED=${SEED:-1}
PORT=${PORT:-18124}
REAL=${REAL:-1}
OUT=target/bench/registries
REALDATA=../shared/realdata
RESULTS=benches/registries/RESULTS.md
mkdir -p "$OUT"

[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --locked --bin collabgraph
BIN=target/release/collabgraph
# The served seeds are bigger than serve's default limit on one file.
export COLLABGRAPH_MAX_SEED_FILE_BYTES=8000000000
export RUST_LOG=warn

# One step under /usr/bin/time: "wall peak-RSS-in-KiB" on stdout, its output in $OUT/NAME.out.
timed() {
  local name=$1
  shift
  /usr/bin/time -v "$@" > "$OUT/$name.out" 2> "$OUT/$name.time" || {
    echo "$name failed; see $OUT/$name.time" >&2
    tail -20 "$OUT/$name.time" >&2
    exit 1
  }
  echo "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$OUT/$name.time")" \
    "$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$name.time")"
}
row() { # name, what, "wall rss"
  read -r wall rss <<< "$3"
  echo "| $2 | $wall | $((rss / 1024)) MiB |"
}
size() { numfmt --to=iec --suffix=B "$(stat -c %s "$1")"; }

# Serves seed directory $1 on PORT, times the queries of benches/registries/queries.py against
# it with the answers' sizes, and stops the server. Prints the table.
serve_and_query() {
  local seed=$1 name=$2
  shift 2
  local start pid
  start=$(date +%s.%N)
  "$BIN" serve --seed "$seed" --listen "127.0.0.1:$PORT" > "$OUT/serve-$name.log" 2>&1 &
  pid=$!
  # shellcheck disable=SC2064
  trap "kill $pid 2>/dev/null || true" EXIT
  until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "serve exited; see $OUT/serve-$name.log" >&2; exit 1; }
    sleep 0.2
  done
  local ready
  ready=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
  echo "Served (\`serve --seed\` of that directory): \`/healthz\` answered ${ready} s after start, RSS $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB before the first query."
  echo
  python3 benches/registries/queries.py --url "http://127.0.0.1:$PORT/graphql" --answers "$OUT/answers-$name" "$@"
  echo
  echo "RSS after the queries: $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )) MiB (peak $(( $(awk '/VmHWM/ {print $2}' "/proc/$pid/status") / 1024 )) MiB)."
  kill "$pid"
  wait "$pid" || true
  trap - EXIT
}

{
  echo "# Registry data at scale: the run of record"
  echo
  echo "Written by \`benches/registries/run.sh\` (INSTITUTIONS=$INSTITUTIONS WORKS=$WORKS SEED=$SEED) on"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)'),"
  echo "$(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"
  echo "load average $(cut -d' ' -f1-3 /proc/loadavg) before the run (a shared machine: one run"
  echo "each, so take the seconds as a reading, not a bound). Peak RSS from \`/usr/bin/time -v\`."
  echo
  echo "## Generated ROR and OpenAlex records, imported and served together"
  echo
  gen="$OUT/generated"
  rm -rf "$gen" "$OUT/seed"
  mkdir -p "$OUT/seed"
  echo "| step | wall | peak RSS |"
  echo "|---|---|---|"
  row generate "\`generate --registries --institutions $INSTITUTIONS --works $WORKS\`" \
    "$(timed generate "$BIN" generate --registries --institutions "$INSTITUTIONS" --works "$WORKS" --seed "$SEED" --out "$gen")"
  row import-ror "\`import ror\` of \`ror.jsonl\` ($(size "$gen/ror.jsonl")), then its check" \
    "$(timed import-ror "$BIN" import ror "$gen/ror.jsonl" --release v2.1-generated --out "$OUT/seed/ror.json")"
  row import-openalex "\`import openalex\` of \`openalex-institutions.jsonl\` ($(size "$gen/openalex-institutions.jsonl")) and \`openalex-works.jsonl.gz\` ($(size "$gen/openalex-works.jsonl.gz")), then its check" \
    "$(timed import-openalex "$BIN" import openalex "$gen/openalex-institutions.jsonl" "$gen/openalex-works.jsonl.gz" --out "$OUT/seed/openalex.json")"
  cp seed/*.json "$OUT/seed/"
  row check "\`check\` of the curated seed, \`ror.json\` ($(size "$OUT/seed/ror.json")) and \`openalex.json\` ($(size "$OUT/seed/openalex.json")) together" \
    "$(timed check "$BIN" check "$OUT/seed")"
  echo
  echo "What the imports said:"
  echo
  echo '```'
  # The imports report on standard error, which /usr/bin/time's file holds before its own lines.
  grep -m1 " from .* records" "$OUT/import-ror.time"
  grep -m1 " from .* records" "$OUT/import-openalex.time"
  cat "$OUT/check.out"
  echo '```'
  echo
  serve_and_query "$OUT/seed" generated \
    --works-file "$gen/openalex-works.jsonl.gz" --ror-file "$gen/ror.jsonl"

  if [ "$REAL" = 1 ]; then
    echo
    echo "## The real ROR records, served beside the curated seed"
    echo
    real="$REALDATA/ror/ror-v2-latest.jsonl"
    if [ -s "$real" ]; then
      rm -rf "$OUT/real-seed"
      mkdir -p "$OUT/real-seed"
      echo "| step | wall | peak RSS |"
      echo "|---|---|---|"
      row import-real-ror "\`import ror\` of the $(wc -l < "$real") real records ($(size "$real")), then its check" \
        "$(timed import-real-ror "$BIN" import ror "$real" --release-index "$REALDATA/ror/ror-v2-latest.index.tsv" --out "$OUT/real-seed/ror.json")"
      cp seed/*.json "$OUT/real-seed/"
      row check-real "\`check\` of the curated seed and \`ror.json\` ($(size "$OUT/real-seed/ror.json")) together" \
        "$(timed check-real "$BIN" check "$OUT/real-seed")"
      echo
      serve_and_query "$OUT/real-seed" real --ror-file "$real"
    else
      echo "Not run: $real is absent (CI and the benchmark machine have it)."
    fi
  fi
} > "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
echo "wrote $RESULTS"
