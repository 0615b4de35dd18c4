#!/usr/bin/env bash
# The HTTP layer: GET /healthz on loopback with keep-alive at 1, 32 and 64 connections —
# requests/s, p50/p99 latency and the server's peak RSS.
# Usage: bench/http.sh [seconds per run, default 10]
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-10}

bench_tools
bench_build
bench_serve "$BENCH_DIR/http.sqlite"
bench_table_header
for connections in 1 32 64; do
    bench_wrk "GET /healthz" "$connections" "$SECONDS_EACH" "http://127.0.0.1:$PORT/healthz"
done
