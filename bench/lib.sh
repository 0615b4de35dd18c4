# Shared by the bench scripts: tools, a release build, a throw-away server, wrk runs and their figures.
# Source it; it sets BENCH_DIR (removed on exit) and stops every process it starts.

set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$(mktemp -d)
SERVER_PID=""
export REDRESS_ADMIN_KEY=${REDRESS_ADMIN_KEY:-rk_benchBenchBenchBenchBenchBenchBenchBench}
# Every client here connects from 127.0.0.1, where the per-address cap would bind before the
# limits the scripts measure.
export REDRESS_MAX_CONNECTIONS_PER_ADDRESS=${REDRESS_MAX_CONNECTIONS_PER_ADDRESS:-1000000}

bench_cleanup() {
    if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$BENCH_DIR"
}
trap bench_cleanup EXIT

# Installs wrk (and curl) from Debian's packages when missing.
bench_tools() {
    if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk curl >/dev/null
    fi
}

# Builds the release binary once.
bench_build() {
    (cd "$ROOT" && swift build -c release --product redress >/dev/null)
    REDRESS="$ROOT/.build/release/redress"
}

# Starts the server on a free port over database $1 with any further flags; sets PORT and SERVER_PID.
bench_serve() {
    local db=$1; shift
    "$REDRESS" serve --host 127.0.0.1 --port 0 --db "$db" --log warn "$@" >"$BENCH_DIR/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        PORT=$(grep -o '"port":[0-9]*' "$BENCH_DIR/server.log" 2>/dev/null | head -n1 | cut -d: -f2 || true)
        [ -n "${PORT:-}" ] && curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    cat "$BENCH_DIR/server.log" >&2
    echo "the server did not start" >&2
    return 1
}

# Waits (at most 60 s) until the server started by bench_serve has gone half a second without
# using CPU: at start it catches up on time-limit alerts, which would weigh on the first round.
bench_settle() {
    local last="" now
    for _ in $(seq 1 120); do
        now=$(awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat")
        [ "$now" = "$last" ] && return 0
        last=$now
        sleep 0.5
    done
}

# Stops the server started by bench_serve.
bench_stop() {
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
}

# The CPU time, user and system, the server started by bench_serve has used so far, in seconds.
bench_cpu_seconds() {
    awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$SERVER_PID/stat"
}

# The values of unlabelled series of the server's /metrics, from one scrape, in the order named.
bench_metrics() {
    curl -fsS "http://127.0.0.1:$PORT/metrics" | awk -v names="$*" '
        BEGIN { n = split(names, wanted, " ") }
        { value[$1] = $2 }
        END { for (i = 1; i <= n; i++) printf "%s%s", value[wanted[i]], (i < n ? " " : "\n") }'
}

# The server's peak resident memory (VmHWM) in MiB.
bench_peak_rss() {
    awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"
}

# Runs wrk once: bench_measure CONNECTIONS SECONDS URL [wrk options...]; prints
# "requests/s p50-ms p99-ms non-2xx-count".
bench_measure() {
    local connections=$1 seconds=$2 url=$3; shift 3
    local threads=$(( connections < 2 ? 1 : 2 ))
    wrk --latency -t"$threads" -c"$connections" -d"${seconds}s" "$@" "$url" | awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { bad = $5 }
        END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, bad }'
}

# Runs wrk: bench_wrk LABEL CONNECTIONS SECONDS URL [wrk options...]; prints one table row.
bench_wrk() {
    local label=$1 connections=$2 seconds=$3 url=$4; shift 4
    local rps p50 p99 bad
    read -r rps p50 p99 bad < <(bench_measure "$connections" "$seconds" "$url" "$@")
    printf '| %-44s | %5s | %10s | %9s | %9s | %8s |%s\n' "$label" "$connections" "$rps" "${p50}ms" "${p99}ms" \
        "$(bench_peak_rss)" "$( [ "$bad" -gt 0 ] && echo " non-2xx: $bad" )"
}

bench_table_header() {
    printf '| %-44s | %5s | %10s | %9s | %9s | %8s |\n' "workload" "conns" "req/s" "p50" "p99" "RSS MiB"
    printf '|%s|%s|%s|%s|%s|%s|\n' "----------------------------------------------" "-------" "------------" "-----------" "-----------" "----------"
}
