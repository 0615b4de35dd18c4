#!/usr/bin/env bash
# Time limits at scale (issue 19, "How it is proven"):
#  1. due-date evaluation cost per complaint (`redress-bench due-dates`);
#  2. N open complaints re-dated after a policy change while intake goes on: the time to re-date
#     them all (until GET /v1/sla-policies says to_redate 0), the writer's busy share meanwhile
#     (redress_db_writer_busy_seconds_total), and intake's p99 during it next to intake alone.
# Usage: bench/timelimits.sh [open complaints, default 1000000] [rounds, default 3]
# The complaints are registered through the API (synchronous=normal for the fill, which takes
# about N / 10,000 seconds here); intake is then measured at synchronous=FULL, 8 connections.
# Prints one line per round and the medians. Not part of CI.
source "$(dirname "$0")/lib.sh"
OPEN=${1:-1000000}
ROUNDS=${2:-3}
LUA="$ROOT/bench/lua"

bench_tools
bench_build
(cd "$ROOT" && swift build -c release --product redress-bench >/dev/null)
"$ROOT/.build/release/redress-bench" due-dates --count 100000 --rounds 5

open_count() {
    curl -fsS "http://127.0.0.1:$PORT/metrics" | awk '/^redress_complaints_open\{/ { s += $2 } END { print s + 0 }'
}
admin() { curl -fsS -H "Authorization: Bearer $REDRESS_ADMIN_KEY" -H 'Content-Type: application/json' "$@"; }
to_redate() { admin "http://127.0.0.1:$PORT/v1/sla-policies" | grep -o '"to_redate":[0-9]*' | cut -d: -f2; }

DB="$BENCH_DIR/timelimits.sqlite"
bench_serve "$DB" --synchronous normal
echo "registering $OPEN open complaints..." >&2
while [ "$(open_count)" -lt "$OPEN" ]; do
    wrk -t2 -c32 -d5s -s "$LUA/post-complaint.lua" "http://127.0.0.1:$PORT/v1/complaints" >/dev/null
done
bench_stop
bench_serve "$DB"
bench_settle
BASE="http://127.0.0.1:$PORT"

admin -X PUT "$BASE/v1/calendars/cn-workdays" -d '{"zone":"Asia/Shanghai","hours":{"monday":["09:00-18:00"],"tuesday":["09:00-18:00"],"wednesday":["09:00-18:00"],"thursday":["09:00-18:00"],"friday":["09:00-18:00"]},"holidays":["2026-10-01","2026-10-02","2026-10-05"]}' >/dev/null

results="$BENCH_DIR/results"
for round in $(seq 1 "$ROUNDS"); do
    OPEN_NOW=$(open_count)
    read -r _ _ alone _ < <(bench_measure 8 5 "$BASE/v1/complaints" -s "$LUA/post-complaint.lua")
    days=$((14 + round))
    read -r busy0 < <(bench_metrics redress_db_writer_busy_seconds_total)
    wrk --latency -t2 -c8 -d600s -s "$LUA/post-complaint.lua" "$BASE/v1/complaints" >"$BENCH_DIR/during.txt" &
    WRK=$!
    sleep 1
    began=$(date +%s.%N)
    admin -X PUT "$BASE/v1/sla-policies" -d "{\"policies\":[{\"name\":\"round-$round\",\"calendar\":\"cn-workdays\",\"targets\":{\"first_contact\":{\"unit\":\"working_days\",\"amount\":1},\"investigation_report\":{\"unit\":\"working_days\",\"amount\":3},\"resolution\":{\"unit\":\"calendar_days\",\"amount\":$days}}}]}" >/dev/null
    while [ "$(to_redate)" != "0" ]; do sleep 0.2; done
    ended=$(date +%s.%N)
    read -r busy1 < <(bench_metrics redress_db_writer_busy_seconds_total)
    kill -INT "$WRK"; wait "$WRK" || true
    during=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else if (v ~ /s$/) print v * 1000 }' "$BENCH_DIR/during.txt")
    seconds=$(echo "$ended - $began" | bc -l)
    share=$(echo "($busy1 - $busy0) / $seconds" | bc -l)
    printf 'round %d: %d open complaints re-dated in %.1f s, writer busy %.0f%%, intake p99 %.2f ms during, %.2f ms alone\n' \
        "$round" "$OPEN_NOW" "$seconds" "$(echo "$share * 100" | bc -l)" "$during" "$alone" | tee -a "$results"
done
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
printf 'median: re-dated in %s s, writer busy %s, intake p99 %s ms during, %s ms alone\n' \
    "$(awk '{ print $8 }' "$results" | median)" "$(awk '{ print $12 }' "$results" | sed 's/,//' | median)" \
    "$(awk '{ print $15 }' "$results" | median)" "$(awk '{ print $18 }' "$results" | median)"
