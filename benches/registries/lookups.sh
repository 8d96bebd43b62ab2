#!/usr/bin/env bash
# First-use cost of the lookups whose indexes are built on the first request, for comparing
# two builds side by side: serves SEED with BIN, times each lookup twice (first, again) with
# the RSS each index adds, prints one line and the answers (which two builds must share).
#
#   benches/registries/lookups.sh BIN [SEED]   # SEED: run.sh's served directory by default
#
# The ORCID and DOI are those of the first generated work (run.sh's default seed).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$1
SEED=${2:-target/bench/registries/seed}
PORT=${PORT:-18126}
COLLABGRAPH_MAX_SEED_FILE_BYTES=8000000000 RUST_LOG=warn "$BIN" serve --seed "$SEED" \
  --listen "127.0.0.1:$PORT" > target/bench/registries/lookups-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/healthz" > /dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "serve exited" >&2; exit 1; }
  sleep 0.5
done
rss() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )); }
q() {
  curl -s -o /dev/null -w '%{time_total}' -H content-type:application/json \
    --data "$(jq -nc --arg q "$1" '{query: $q}')" "http://127.0.0.1:$PORT/graphql"
}
r0=$(rss)
a=$(q '{ person(orcid: "https://orcid.org/0000-0001-0000-0041") { name } }')
a2=$(q '{ person(orcid: "0000-0001-0000-0041") { name } }')
r1=$(rss)
b=$(q '{ work(doi: "https://doi.org/10.5555/gen.1990.0") { id } }')
b2=$(q '{ work(doi: "10.5555/GEN.1990.0") { id } }')
r2=$(rss)
c=$(q '{ works(filter: {fromYear: 2020, toYear: 2020}, first: 10) { totalCount } }')
c2=$(q '{ works(filter: {fromYear: 2020, toYear: 2020}, first: 10) { totalCount } }')
echo "$BIN: person(orcid:) $a s, again $a2 s (+$((r1 - r0)) MiB); work(doi:) $b s, again $b2 s (+$((r2 - r1)) MiB); works of 2020 $c s, again $c2 s; RSS at start $r0 MiB"
curl -s -H content-type:application/json --data '{"query": "{ person(orcid: \"0000-0001-0000-0041\") { slug works { totalCount } } work(doi: \"10.5555/GEN.1990.0\") { slug } works(filter: {fromYear: 2020, toYear: 2020}) { totalCount } }"}' \
  "http://127.0.0.1:$PORT/graphql"
echo
