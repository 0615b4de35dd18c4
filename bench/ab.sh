#!/usr/bin/env bash
# Two builds of the server under the same load, taking turns round by round, so that this
# machine's drift falls on both alike: requests a second and the server's CPU µs per request
# (all threads, user + system) each round, then the medians. Each build serves its own copy of
# the same seeded database.
# Usage: bench/ab.sh BINARY_A BINARY_B [get|healthz|post, default get] [rounds, default 4] [seconds, default 5]
# For a build of another commit: git worktree add /tmp/before COMMIT && (cd /tmp/before && swift build -c release)
source "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] || { sed -n '2,7p' "$0" | sed 's/^# //' >&2; exit 64; }
BINARIES=("$1" "$2")
WORKLOAD=${3:-get}
ROUNDS=${4:-4}
SECONDS_EACH=${5:-5}
case "$WORKLOAD" in
    get) LUA="$ROOT/bench/lua/get-random-complaint.lua"; TARGET="" ;;
    healthz) LUA=""; TARGET="/healthz" ;;
    post) LUA="$ROOT/bench/lua/post-complaint.lua"; TARGET="/v1/complaints" ;;
    *) echo "the workload is get, healthz or post, not $WORKLOAD" >&2; exit 64 ;;
esac
export COMPLAINTS=${COMPLAINTS:-100000}

bench_tools
echo "seeding $COMPLAINTS complaints..." >&2
"${BINARIES[0]}" seed --count "$COMPLAINTS" --db "$BENCH_DIR/seed.sqlite" --synchronous normal --log warn
for label in A B; do cp "$BENCH_DIR/seed.sqlite" "$BENCH_DIR/$label.sqlite"; done

results="$BENCH_DIR/results"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS..." >&2
    for index in 0 1; do
        label=$([ "$index" = 0 ] && echo A || echo B)
        REDRESS=${BINARIES[$index]}
        bench_serve "$BENCH_DIR/$label.sqlite"
        bench_settle
        before=$(bench_cpu_seconds)
        read -r rps requests < <(wrk -t2 -c32 -d"${SECONDS_EACH}s" ${LUA:+-s "$LUA"} "http://127.0.0.1:$PORT$TARGET" |
            awk '/requests in/ { n = $1 } /^Requests\/sec:/ { r = $2 } END { print r, n }')
        after=$(bench_cpu_seconds)
        bench_stop
        echo "$label $rps $(python3 -c "print(round(($after - $before) * 1e6 / $requests, 1))")" | tee -a "$results" >&2
    done
done

python3 - "$results" "$WORKLOAD" "${BINARIES[@]}" <<'PY'
import statistics, sys
rows = {"A": [], "B": []}
for line in open(sys.argv[1]):
    label, rps, cpu = line.split()
    rows[label].append((float(rps), float(cpu)))
workload, binaries = sys.argv[2], dict(zip("AB", sys.argv[3:5]))
print(f"{workload}: {len(rows['A'])} alternated rounds, 32 connections; medians")
print()
print("| build | req/s | CPU µs per request |")
print("|---|---:|---:|")
for label in "AB":
    print(f"| {label}: {binaries[label]} | {statistics.median(r for r, _ in rows[label]):,.0f} | "
          f"{statistics.median(c for _, c in rows[label]):.1f} |")
PY
