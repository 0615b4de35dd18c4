#!/usr/bin/env bash
# The API under load: 100,000 seeded complaints, then wrk on loopback against reads, a list, a
# search and durable intake (synchronous=FULL, group commit), 64 connections each.
# Usage: bench/api.sh [seconds per workload, default 10]
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-10}
export COMPLAINTS=100000

bench_tools
bench_build
DB="$BENCH_DIR/api.sqlite"
echo "seeding $COMPLAINTS complaints..." >&2
"$REDRESS" seed --count "$COMPLAINTS" --db "$DB" --synchronous normal --log warn
bench_serve "$DB"
bench_settle
LUA="$ROOT/bench/lua"
BASE="http://127.0.0.1:$PORT"

bench_table_header
bench_wrk "GET /v1/complaints/{random id}" 64 "$SECONDS_EACH" "$BASE" -s "$LUA/get-random-complaint.lua"
bench_wrk "GET /v1/complaints?status=received&limit=50" 64 "$SECONDS_EACH" "$BASE/v1/complaints?status=received&limit=50" -s "$LUA/authorized.lua"
bench_wrk "GET /v1/complaints?q=%E6%BC%8F%E6%B0%B4 (漏水)" 64 "$SECONDS_EACH" "$BASE/v1/complaints?q=%E6%BC%8F%E6%B0%B4&limit=20" -s "$LUA/authorized.lua"
bench_wrk "POST /v1/complaints (synchronous=FULL)" 64 "$SECONDS_EACH" "$BASE/v1/complaints" -s "$LUA/post-complaint.lua"
