#!/usr/bin/env bash
# Where the server's CPU goes: for reading a complaint and for registering one, the CPU time each
# group of threads (event loops, workers, the database writer) spends per request, user and
# system, from /proc while wrk runs. On a machine whose speed drifts, CPU per request compares
# two builds more steadily than requests per second do.
# Usage: bench/cpu.sh [seconds per round, default 5] [server flags...]   (ROUNDS=3, COMPLAINTS=100000 by default)
# For example `bench/cpu.sh 5 --synchronous normal` measures intake without an fsync per commit.
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-5}
shift $(( $# > 0 ? 1 : 0 ))
ROUNDS=${ROUNDS:-3}
export COMPLAINTS=${COMPLAINTS:-100000}

bench_tools
bench_build
echo "seeding $COMPLAINTS complaints..." >&2
DB="$BENCH_DIR/cpu.sqlite"
"$REDRESS" seed --count "$COMPLAINTS" --db "$DB" --synchronous normal --log warn
bench_serve "$DB" "$@"
bench_settle
LUA="$ROOT/bench/lua"
BASE="http://127.0.0.1:$PORT"

# "group user-ticks system-ticks" per thread group, threads named http-loop-N and so on.
threads() {
    for task in /proc/"$SERVER_PID"/task/*; do
        echo "$(sed 's/-[0-9]*$//' "$task/comm") $(awk '{ print $14, $15 }' "$task/stat")"
    done | awk '{ user[$1] += $2; kernel[$1] += $3 } END { for (g in user) print g, user[g], kernel[g] }' | sort
}

# measure LABEL URL LUA: one round; prints "LABEL req/s group user-us system-us ..." lines.
measure() {
    local label=$1 url=$2 lua=$3
    threads >"$BENCH_DIR/before"
    local rps requests
    read -r rps requests < <(wrk -t2 -c32 -d"${SECONDS_EACH}s" -s "$lua" "$url" |
        awk '/requests in/ { n = $1 } /^Requests\/sec:/ { r = $2 } END { print r, n }')
    threads >"$BENCH_DIR/after"
    join "$BENCH_DIR/before" "$BENCH_DIR/after" | awk -v label="$label" -v rps="$rps" -v n="$requests" \
        -v hz="$(getconf CLK_TCK)" '{ printf "%s %s %s %.1f %.1f\n", label, rps, $1, ($4 - $2) * 1e6 / hz / n, ($5 - $3) * 1e6 / hz / n }'
}

results="$BENCH_DIR/results"
: >"$results"
wrk -t2 -c32 -d2s -s "$LUA/get-random-complaint.lua" "$BASE" >/dev/null
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS..." >&2
    measure complaint "$BASE" "$LUA/get-random-complaint.lua" >>"$results"
    measure intake "$BASE/v1/complaints" "$LUA/post-complaint.lua" >>"$results"
done

python3 - "$results" "$ROUNDS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, rps, group, user, system = line.split()
    rows.setdefault((label, group), []).append((float(rps), float(user), float(system)))
print(f"{sys.argv[2]} rounds, 32 connections; medians of CPU microseconds per request")
print()
print("| workload | threads | user µs | system µs |")
print("|---|---|---:|---:|")
names = {"complaint": "GET /v1/complaints/{random id}", "intake": "POST /v1/complaints"}
for (label, group), values in sorted(rows.items()):
    user = statistics.median(v[1] for v in values)
    system = statistics.median(v[2] for v in values)
    if user + system >= 0.5:
        print(f"| {names[label]} | {group} | {user:.0f} | {system:.0f} |")
for label in names:
    rates = [v[0] for (l, _), values in rows.items() if l == label for v in values]
    print(f"\n{names[label]}: {statistics.median(rates):,.0f} req/s (median over the rounds)", end="")
print()
PY
