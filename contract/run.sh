#!/usr/bin/env bash
# Drives a freshly started release server with schemathesis: every check, every phase (examples,
# coverage, fuzzing, stateful), within a time budget. Exits non-zero on any failure.
# Usage: contract/run.sh [max seconds, default 600]
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-600}
export REDRESS_ADMIN_KEY=rk_contractContractContractContract00
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

command -v schemathesis >/dev/null || python3 -m pip install --quiet --disable-pip-version-check schemathesis
swift build -c release --product redress >/dev/null
"$(swift build -c release --show-bin-path)/redress" serve --host 127.0.0.1 --port 0 --db "$work/contract.sqlite" \
    --log warn >"$work/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 100); do
    port=$(grep -o '"port":[0-9]*' "$work/server.log" | head -n1 | cut -d: -f2 || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; echo "the server did not start" >&2; exit 1; }

schemathesis --config-file contract/schemathesis.toml run "http://127.0.0.1:$port/openapi.yaml" \
    --url "http://127.0.0.1:$port" --checks all --max-time "$budget"
