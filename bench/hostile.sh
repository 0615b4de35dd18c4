#!/usr/bin/env bash
# Hostile clients: slowhttptest holds thousands of connections open in slow-headers (slowloris),
# slow-body (R-U-Dead-Yet) and slow-read modes while a well-behaved client (bench/probe.py)
# sends GET /healthz and an authenticated GET /v1/complaints?limit=5 at a steady rate, over
# kept-alive and fresh connections. Per mode it prints what became of the slow connections and
# the normal client's requests, errors and p50/p99 latency; it fails if any mode's p99 is over
# 100 ms or the normal client saw a single error or timeout.
#
# Slow headers and slow body are sustained: slowhttptest keeps opening connections at the rate
# that keeps about CONNECTIONS of them open at once, given that the server closes each one at its
# deadline (header block not complete 10 s after its first byte → 408; body silent for 15 s →
# 408; slowhttptest sends its follow-up body bytes every 20 s). slowhttptest feeds all of its
# connections on one shared tick, so in slow body the server also meets the worst case of
# thousands of connections reaching the body deadline together. Slow read opens CONNECTIONS
# connections, each pipelining four requests for the largest response (/openapi.yaml, about
# 100 KB) and reading it a few bytes at a time through a receive window of at most 256 bytes.
#
# Usage: bench/hostile.sh [seconds per mode, default 40]
#        (CONNECTIONS=3000 held at once, PROBE_RATE=100 normal requests/s by default;
#        MODES="headers body read" by default, any of them to run fewer)
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-40}
CONNECTIONS=${CONNECTIONS:-3000}
PROBE_RATE=${PROBE_RATE:-100}
MODES=${MODES:-headers body read}
P99_LIMIT_MS=100
HEADER_TIMEOUT=10      # the server's defaults, which this script does not change
BODY_IDLE_TIMEOUT=15
MAX_CONNECTIONS=10000
ATTACK_PID=""
PROBE_PID=""

for tool in slowhttptest curl python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "$tool is missing; install it with: apt-get install -y $tool" >&2
        exit 1
    fi
done
if [ "$SECONDS_EACH" -lt 20 ]; then
    echo "give each mode at least 20 s so the server's deadlines come round" >&2
    exit 1
fi

# Room for every slow connection on both ends (the server and slowhttptest inherit this limit).
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=1048576
ulimit -n $(( hard < 20000 ? hard : 20000 ))
headers_rate=$(( CONNECTIONS / HEADER_TIMEOUT ))
body_rate=$(( CONNECTIONS / BODY_IDLE_TIMEOUT ))
most_opened=$(( headers_rate * (SECONDS_EACH + 2) ))
if [ $(( most_opened + 200 )) -gt "$(ulimit -n)" ] || [ $(( CONNECTIONS * 2 + 200 )) -gt "$(ulimit -n)" ] \
    || [ $(( CONNECTIONS + 100 )) -gt $MAX_CONNECTIONS ]; then
    echo "CONNECTIONS=$CONNECTIONS does not fit: open files $(ulimit -n), server connection cap $MAX_CONNECTIONS" >&2
    exit 1
fi

stop_attack() {
    local pid
    for pid in $PROBE_PID $ATTACK_PID; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    PROBE_PID=""
    ATTACK_PID=""
}
trap 'stop_attack; bench_cleanup' EXIT

bench_build
DB="$BENCH_DIR/hostile.sqlite"
"$REDRESS" seed --count 1000 --db "$DB" --synchronous normal --log warn >/dev/null
bench_serve "$DB"
bench_settle
BASE="http://127.0.0.1:$PORT"
curl -fs -H "Authorization: Bearer $REDRESS_ADMIN_KEY" "$BASE/v1/complaints?limit=5" >/dev/null \
    || { echo "the admin key is not accepted" >&2; exit 1; }

# How many 408 answers the server has given so far.
timeouts_answered() {
    curl -fs "$BASE/metrics" | awk '/^redress_http_requests_total\{.*status="408"\}/ { n += $2 } END { print n + 0 }'
}

# The server's open connections now (this request's own included).
open_connections() {
    curl -fs "$BASE/metrics" | awk '/^redress_http_open_connections / { print $2 }'
}

# Reads slowhttptest's last status: "connected closed error".
attack_status() {
    sed 's/\x1b\[[0-9;]*[A-Za-z]//g' "$1" | tr '\r' '\n' | awk '
        $1 == "connected:" { connected = $2 }
        $1 == "closed:" { closed = $2 }
        $1 == "error:" { error = $2 }
        END { printf "%d %d %d\n", connected, closed, error }'
}

results="$BENCH_DIR/results"
: >"$results"
failed=0

# run_mode NAME LABEL slowhttptest-arguments...: one attack with the probe running alongside.
run_mode() {
    local name=$1 label=$2; shift 2
    [[ " $MODES " == *" $name "* ]] || return 0
    local out="$BENCH_DIR/$name.out" probe_out="$BENCH_DIR/$name.probe"
    local before after rss open_now
    before=$(timeouts_answered)
    echo "$label: slowhttptest $* for ${SECONDS_EACH}s..." >&2
    slowhttptest "$@" -l "$SECONDS_EACH" -p 3 >"$out" 2>&1 &
    ATTACK_PID=$!
    sleep 1
    python3 "$ROOT/bench/probe.py" "$PORT" $(( SECONDS_EACH - 3 )) "$PROBE_RATE" >"$probe_out" &
    PROBE_PID=$!
    wait "$PROBE_PID"
    PROBE_PID=""
    rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status")
    open_now=$(open_connections)
    wait "$ATTACK_PID" || true
    ATTACK_PID=""
    grep -q "Test ended" "$out" || { cat "$out" >&2; echo "slowhttptest did not finish" >&2; exit 1; }
    after=$(timeouts_answered)
    local connected closed errors requests probe_errors p50 p99 max open
    read -r connected closed errors < <(attack_status "$out")
    read -r requests probe_errors p50 p99 max open < <(head -n1 "$probe_out")
    sed -n '2,$p' "$probe_out" >&2
    local verdict=ok
    if [ "$probe_errors" -gt 0 ] || awk -v p="$p99" -v limit=$P99_LIMIT_MS 'BEGIN { exit !(p > limit || p != p) }'; then
        verdict=FAIL
        failed=1
    fi
    echo "$label|$(( connected + closed + errors ))|$open|$open_now|$(( after - before ))|$closed|$errors|$rss|$requests|$probe_errors|$p50|$p99|$max|$verdict" >>"$results"
    # Let the server drop what slowhttptest left behind before the next mode.
    for _ in $(seq 1 50); do
        [ "$(open_connections)" -le 1 ] && break
        sleep 0.2
    done
}

run_mode headers "slow headers (-H)" -H -c "$most_opened" -r "$headers_rate" -i 3 -x 24 -u "$BASE/healthz"
run_mode body "slow body (-B), POST /v1/complaints" -B -c $(( body_rate * (SECONDS_EACH + 2) )) -r "$body_rate" \
    -i $(( BODY_IDLE_TIMEOUT + 5 )) -s 65536 -x 24 -u "$BASE/v1/complaints"
run_mode read "slow read (-X), GET /openapi.yaml" -X -c "$CONNECTIONS" -r 500 -w 16 -y 256 -n 2 -z 32 -k 4 \
    -u "$BASE/openapi.yaml"

echo
echo "$CONNECTIONS slow connections aimed at once; normal client at $PROBE_RATE requests/s (GET /healthz and"
echo "GET /v1/complaints?limit=5, kept-alive and fresh connections) for $(( SECONDS_EACH - 3 )) s of each ${SECONDS_EACH}-s attack"
echo
echo "Slow connections: opened by slowhttptest; open on the server at most and when the normal client stopped"
echo "(/metrics, the normal client's own included); 408 answers the server sent; closes slowhttptest noticed (it"
echo "only notices when it next writes or reads); its connection errors; the server's RSS when the normal client stopped."
echo
echo "| mode | opened | server held at most | held at end | 408 sent | closes seen | slow errors | RSS MiB | requests | errors | p50 ms | p99 ms | max ms | p99 < ${P99_LIMIT_MS} ms |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
awk -F'|' '{ printf "| %s |", $1; for (i = 2; i <= NF; i++) printf " %s |", $i; print "" }' "$results"
exit "$failed"
