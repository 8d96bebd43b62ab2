#!/usr/bin/env bash
# Bounded load test of collabgraph on loopback, end to end:
# build, start the server (bundled seed), install wrk if missing, run wrk with mix.lua,
# sample the server's RSS every 5 s, check /metrics and /healthz, stop the server with
# SIGTERM while requests are in flight, print a summary, and exit non-zero if a criterion fails.
#
#   benches/load/run.sh            # defaults: 2 threads, 256 connections, 60 s, port 18181
#   DURATION=30s CONNS=64 PORT=18282 SKIP_BUILD=1 benches/load/run.sh
#
# Pass criteria:
#   1. zero 5xx: none in collabgraph_http_requests_total (status="5..") and none seen by wrk;
#   2. the four valid queries answered 200 every time;
#   3. RSS steady: max of the last third of samples <= 1.25 x max of the first third + 8 MiB;
#   4. the server is alive and /healthz answers 200 after the run;
#   5. SIGTERM with requests in flight: the process exits 0 within 30 s.
# Output (wrk, RSS samples, metrics, server log) goes to benches/load/out/ (not committed).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PORT="${PORT:-18181}"
ADDR="127.0.0.1:$PORT"
URL="http://$ADDR"
THREADS="${THREADS:-2}"
CONNS="${CONNS:-256}"
DURATION="${DURATION:-60s}"
SAMPLE_EVERY="${SAMPLE_EVERY:-5}"
OUT="${OUT:-$HERE/out}"
BIN="$ROOT/target/release/collabgraph"

mkdir -p "$OUT"
rm -f "$OUT"/*.txt "$OUT"/*.log
failures=()
fail() { failures+=("$1"); echo "FAIL: $1"; }
say() { echo "== $*"; }

SERVER_PID=""
SAMPLER_PID=""
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
  fi
}
trap cleanup EXIT

# --- tools ---------------------------------------------------------------------------------
for tool in curl awk; do
  command -v "$tool" >/dev/null || { echo "need $tool"; exit 2; }
done
if ! command -v wrk >/dev/null; then
  say "installing wrk (Debian package)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null || { echo "cannot install wrk"; exit 2; }
fi

# --- build ---------------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "cargo build --release"
  (cd "$ROOT" && cargo build --release) || { echo "build failed"; exit 2; }
fi
[ -x "$BIN" ] || { echo "no binary at $BIN"; exit 2; }

# --- start the server ----------------------------------------------------------------------
if curl -s -o /dev/null --max-time 1 "$URL/healthz"; then
  echo "something already answers on $ADDR; set PORT"; exit 2
fi
say "starting $BIN --listen $ADDR"
"$BIN" --listen "$ADDR" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
echo "server pid $SERVER_PID"
for _ in $(seq 1 100); do
  curl -sf -o /dev/null --max-time 1 "$URL/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died at start"; cat "$OUT/server.log"; exit 2; }
  sleep 0.2
done
curl -sf --max-time 2 "$URL/healthz" >"$OUT/healthz-before.txt" || { echo "server not answering"; exit 2; }
echo "healthz: $(cat "$OUT/healthz-before.txt")"

# --- one of each request, to show what the mix gets ---------------------------------------
say "smoke: one request of each kind (status, time, start of body)"
wrk -t1 -c1 -d1s -s "$HERE/mix.lua" "$URL" >/dev/null 2>&1 # warm-up
SMOKE_LUA="$OUT/smoke.lua"
cat >"$SMOKE_LUA" <<'LUA'
-- Sends each request of mix.lua once (wrk -t1 -c1), printing status and the start of the body.
dofile(os.getenv("MIX_LUA"))
local seen, limit = 0, 10
local orig_request = request
request = function() return orig_request() end
response = function(status, headers, body)
  seen = seen + 1
  if seen <= limit then
    io.write(string.format("SMOKE %-14s %d %s\n", (headers["x-request-id"] or "?"):gsub("^load%-", ""),
      status, body:sub(1, 160):gsub("\n", " ")))
  end
  if seen >= limit then wrk.thread:stop() end
end
done = function() end
LUA
MIX_LUA="$HERE/mix.lua" wrk -t1 -c1 -d10s -s "$SMOKE_LUA" "$URL" 2>&1 | grep '^SMOKE' | tee "$OUT/smoke.txt"

# --- RSS sampler ---------------------------------------------------------------------------
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status" 2>/dev/null; }
(
  start=$(date +%s)
  while kill -0 "$SERVER_PID" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(rss_kb)" >>"$OUT/rss.txt"
    sleep "$SAMPLE_EVERY"
  done
) &
SAMPLER_PID=$!

# --- the load ------------------------------------------------------------------------------
CMD="wrk -t$THREADS -c$CONNS -d$DURATION --latency -s benches/load/mix.lua $URL"
say "$CMD"
(cd "$ROOT" && $CMD) >"$OUT/wrk.txt" 2>&1
wrk_rc=$?
cat "$OUT/wrk.txt"
[ "$wrk_rc" -eq 0 ] || fail "wrk exited $wrk_rc"
sleep "$SAMPLE_EVERY"   # one more sample after the load
kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=""

# --- after the run: alive, healthz, metrics -------------------------------------------------
if kill -0 "$SERVER_PID" 2>/dev/null; then echo "server alive after the run"; else fail "server died during the run"; fi
if curl -sf --max-time 5 "$URL/healthz" >"$OUT/healthz-after.txt"; then
  echo "healthz after: $(cat "$OUT/healthz-after.txt")"
else
  fail "/healthz did not answer 200 after the run"
fi
curl -s --max-time 5 "$URL/metrics" >"$OUT/metrics.txt" || fail "/metrics did not answer"

say "collabgraph_http_requests_total"
grep '^collabgraph_http_requests_total{' "$OUT/metrics.txt" | sort
server_5xx=$(grep '^collabgraph_http_requests_total{' "$OUT/metrics.txt" \
  | awk '/status="5[0-9][0-9]"/ {s += $NF} END {print s + 0}')
say "collabgraph_graphql_errors_total (by code)"
grep '^collabgraph_graphql_errors_total{' "$OUT/metrics.txt" | sort
wrk_5xx=$(awk '$1 == "STATUS" && $3 ~ /^5/ {s += $4} END {print s + 0}' "$OUT/wrk.txt")
echo "5xx in /metrics: $server_5xx; 5xx seen by wrk: $wrk_5xx"
[ "$server_5xx" -eq 0 ] || fail "$server_5xx 5xx responses in /metrics"
[ "$wrk_5xx" -eq 0 ] || fail "$wrk_5xx 5xx responses seen by wrk"
valid_non200=$(awk '$1 == "STATUS" && $2 ~ /^(institution|network|search_typo|shortestPath)$/ && $3 != 200 {s += $4} END {print s + 0}' "$OUT/wrk.txt")
[ "$valid_non200" -eq 0 ] || fail "$valid_non200 valid queries did not answer 200"
grep -q '^STATUS ' "$OUT/wrk.txt" || fail "wrk printed no status counts"

# --- RSS ---------------------------------------------------------------------------------
say "RSS samples (seconds, kB)"
tr '\n' ';' <"$OUT/rss.txt"; echo
read -r rss_first rss_max rss_last rss_verdict < <(awk '
  { t[NR] = $1; r[NR] = $2 }
  END {
    n = NR; third = int(n / 3); if (third < 1) third = 1
    for (i = 1; i <= n; i++) { if (r[i] > max) max = r[i] }
    for (i = 1; i <= third; i++) { if (r[i] > head) head = r[i] }
    for (i = n - third + 1; i <= n; i++) { if (r[i] > tail) tail = r[i] }
    ok = (n >= 3 && tail <= 1.25 * head + 8192) ? "steady" : "growing"
    print r[1], max, r[n], ok
  }' "$OUT/rss.txt")
echo "RSS first ${rss_first} kB, max ${rss_max} kB, last ${rss_last} kB: $rss_verdict"
[ "$rss_verdict" = steady ] || fail "RSS not steady (first $rss_first, max $rss_max, last $rss_last kB)"

# --- graceful shutdown with requests in flight --------------------------------------------
say "SIGTERM to $SERVER_PID with requests in flight"
wrk -t1 -c32 -d6s -s "$HERE/mix.lua" "$URL" >"$OUT/wrk-shutdown.txt" 2>&1 &
inflight_pid=$!
sleep 2
kill -TERM "$SERVER_PID"
exited=0
for _ in $(seq 1 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { exited=1; break; }
  sleep 0.1
done
if [ "$exited" = 1 ]; then
  wait "$SERVER_PID"; server_rc=$?
  echo "server exited with status $server_rc"
  [ "$server_rc" -eq 0 ] || fail "server exited $server_rc on SIGTERM"
else
  fail "server still running 30 s after SIGTERM; killing it"
  kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null
fi
SERVER_PID=""
wait "$inflight_pid" 2>/dev/null
grep -E '^(STATUS|TOTALS)' "$OUT/wrk-shutdown.txt" | sed 's/^/  during shutdown: /'
tail -3 "$OUT/server.log" | sed 's/^/  server log: /'

# --- summary -------------------------------------------------------------------------------
say "summary"
grep -E '^(Requests/sec|Transfer/sec)|^ +(50|75|90|99)%|^LATENCY|^TOTALS|requests in' "$OUT/wrk.txt"
if [ "${#failures[@]}" -eq 0 ]; then
  echo "VERDICT: PASS"
  exit 0
fi
echo "VERDICT: FAIL"
printf '  - %s\n' "${failures[@]}"
exit 1
