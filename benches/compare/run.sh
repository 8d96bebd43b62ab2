#!/usr/bin/env bash
# Ours, igraph and networkx on the same edge list, in one run: writes target/bench/compare.jsonl.
#   benches/compare/run.sh target/bench/seed-100000-1.json
set -euo pipefail
cd "$(dirname "$0")/../.."
SEED_FILE=${1:?usage: benches/compare/run.sh SEED.json}
OUT=target/bench/compare
VENV=target/compare-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet -r benches/compare/requirements.txt
fi
cargo build --release --locked --example algorithms_compare
target/release/examples/algorithms_compare "$SEED_FILE" "$OUT" > target/bench/compare.jsonl
"$VENV/bin/python" benches/compare/compare.py "$OUT" "${TOOLS:-igraph,networkx}" >> target/bench/compare.jsonl
cat target/bench/compare.jsonl
