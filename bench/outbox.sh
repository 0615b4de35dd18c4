#!/usr/bin/env bash
# The outbox's cost and speed: durable intake (POST /v1/complaints, 64 connections) with no
# webhook and with three active webhooks subscribed to every complaint event, in interleaved
# rounds, and the dispatcher's deliveries a second to a local receiver (bench/receiver.py) while
# it drains the backlog intake left. Prints medians; not run in CI.
#   bench/outbox.sh [rounds] [seconds]
source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-3}
SECONDS_EACH=${2:-10}
LUA="$ROOT/bench/lua"
export REDRESS_WEBHOOK_ALLOW_PRIVATE=true

bench_tools
bench_build
RECEIVER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$ROOT/bench/receiver.py" "$RECEIVER_PORT" &
RECEIVER_PID=$!
trap 'kill $RECEIVER_PID 2>/dev/null || true; bench_cleanup' EXIT
sleep 0.5

results="$BENCH_DIR/results"
: >"$results"
pending() { bench_metrics redress_outbox_pending; }
for round in $(seq 1 "$ROUNDS"); do
    for hooks in 0 3; do
        bench_serve "$BENCH_DIR/round-$round-$hooks.sqlite"
        for index in $(seq 1 "$hooks"); do
            curl -fsS -X POST "http://127.0.0.1:$PORT/v1/webhooks" -H "Authorization: Bearer $REDRESS_ADMIN_KEY" \
                -H 'Content-Type: application/json' \
                -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$index\",\"event_types\":[\"complaint.*\"]}" >/dev/null
        done
        bench_settle
        read -r rps p50 p99 bad < <(bench_measure 64 "$SECONDS_EACH" "http://127.0.0.1:$PORT/v1/complaints" \
            -s "$LUA/post-complaint.lua")
        echo "intake-$hooks $rps $p50 $p99 $bad" >>"$results"
        if [ "$hooks" -gt 0 ]; then
            # The backlog intake left, drained for up to 30 s: deliveries a second.
            start=$(date +%s.%N); before=$(pending)
            for _ in $(seq 1 300); do [ "$(pending)" = "0" ] && break; sleep 0.1; done
            ended=$(date +%s.%N); after=$(pending)
            python3 -c "print('drain', ($before - $after) / ($ended - $start), $before)" >>"$results"
        fi
        bench_stop
    done
done

python3 - "$results" "$ROUNDS" "$SECONDS_EACH" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split()
    rows.setdefault(name, []).append([float(v) for v in values])
med = lambda name, i: statistics.median(r[i] for r in rows[name])
print(f"Medians of {sys.argv[2]} interleaved rounds, {sys.argv[3]} s each, 64 connections, synchronous=FULL")
print("| workload | req/s | p50 | p99 |")
print("|---|---|---|---|")
for hooks in (0, 3):
    name = f"intake-{hooks}"
    print(f"| POST /v1/complaints, {hooks} active webhooks | {med(name, 0):.0f} | {med(name, 1):.2f} ms | {med(name, 2):.2f} ms |")
print(f"| dispatcher draining {med('drain', 1):.0f} pending deliveries to 3 webhooks | {med('drain', 0):.0f} deliveries/s | | |")
PY
