#!/usr/bin/env bash
# The HTTP server alone: GET /healthz over loopback with keep-alive at 1, 32 and 64 connections,
# printing requests/s, p50/p99 latency (wrk --latency) and the server's peak RSS (VmHWM).
#
# Usage: bench/http.sh [seconds per run, default 10]
# Environment:
#   PORT            port to serve on (default 18080)
#   SERVER_CMD      the server command; $PORT and $TMPDIR are expanded when it runs
#                   (default: .build/release/redress serve --host 127.0.0.1 --port $PORT --db $TMPDIR/bench.sqlite)
#   BUILD_PRODUCT   release product to build first (default redress; empty to skip the build)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
export PORT=${PORT:-18080}
export TMPDIR
TMPDIR=$(mktemp -d)
SERVER_CMD=${SERVER_CMD:-'.build/release/redress serve --host 127.0.0.1 --port $PORT --db $TMPDIR/bench.sqlite'}
BUILD_PRODUCT=${BUILD_PRODUCT-redress}
SERVER_PID=""

cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill -TERM "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMPDIR"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if [ -n "$BUILD_PRODUCT" ]; then
    swift build -c release --product "$BUILD_PRODUCT" >/dev/null
fi

# exec keeps the server's own PID, so VmHWM and the trap's kill reach it.
bash -c "exec $SERVER_CMD" >"$TMPDIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$TMPDIR/server.log" >&2; echo "the server exited" >&2; exit 1; fi
    sleep 0.1
done

printf '| %-14s | %5s | %10s | %9s | %9s | %8s |\n' "workload" "conns" "req/s" "p50" "p99" "RSS MiB"
printf '|----------------|-------|------------|-----------|-----------|----------|\n'
for connections in 1 32 64; do
    threads=$(( connections < 2 ? 1 : 2 ))
    out=$(wrk --latency -t"$threads" -c"$connections" -d"${SECONDS_EACH}s" "http://127.0.0.1:$PORT/healthz")
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    rss=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    errors=$(awk '/Non-2xx or 3xx responses:/ { print "non-2xx:" $5 } /Socket errors:/ { print "socket errors" }' <<<"$out" | paste -sd' ')
    printf '| %-14s | %5s | %10s | %9s | %9s | %8s | %s\n' "GET /healthz" "$connections" "$rps" "$p50" "$p99" "$rss" "${errors:-}"
done
