#!/usr/bin/env bash
# Every benchmark in one go, one table: the API on 100,000 seeded complaints next to nginx serving
# a static 400-byte JSON file on the same machine, durable intake next to the raw one-commit-per-row
# SQLite rate on the same disk (and without fsync, to show how high that wall is), and memory with
# 10,000 idle connections. Workloads are interleaved over several rounds and medians reported,
# since single runs on a shared machine vary by 15-30 %.
# Usage: bench/run.sh [seconds per workload, default 5]   (ROUNDS=3 by default)
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=32
export COMPLAINTS=100000

bench_tools
command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }
command -v nginx >/dev/null || { echo "nginx could not be installed" >&2; exit 1; }
bench_build
(cd "$ROOT" && swift build -c release --product redress-bench >/dev/null)
BENCH_TOOL="$ROOT/.build/release/redress-bench"

# nginx with one static 400-byte JSON document.
NGINX_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$BENCH_DIR/nginx/www"
python3 -c 'import json; body = json.dumps({"status": "ok", "pad": ""}); print(json.dumps({"status": "ok", "pad": "x" * (399 - len(body))}), end="")' \
    >"$BENCH_DIR/nginx/www/static.json"
sed -e "s|PREFIX|$BENCH_DIR/nginx|g" -e "s|PORT|$NGINX_PORT|g" "$ROOT/bench/nginx.conf" >"$BENCH_DIR/nginx/nginx.conf"
# nginx's workers may run as another user (nobody, when started as root): let them read the file.
chmod 755 "$BENCH_DIR" "$BENCH_DIR/nginx" "$BENCH_DIR/nginx/www"
chmod 644 "$BENCH_DIR/nginx/www/static.json"
nginx -c "$BENCH_DIR/nginx/nginx.conf"
stop_nginx() { nginx -c "$BENCH_DIR/nginx/nginx.conf" -s stop 2>/dev/null || true; }
trap 'stop_nginx; bench_cleanup' EXIT
curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/static.json" || { echo "nginx does not serve the file" >&2; exit 1; }

echo "seeding $COMPLAINTS complaints..." >&2
DB="$BENCH_DIR/run.sqlite"
"$REDRESS" seed --count "$COMPLAINTS" --db "$DB" --synchronous normal --log warn
ulimit -n 20000
bench_serve "$DB"
bench_settle
LUA="$ROOT/bench/lua"
BASE="http://127.0.0.1:$PORT"

results="$BENCH_DIR/results"
: >"$results"
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS..." >&2
    echo "nginx $(bench_measure $CONNECTIONS "$SECONDS_EACH" "http://127.0.0.1:$NGINX_PORT/static.json")" >>"$results"
    echo "healthz $(bench_measure $CONNECTIONS "$SECONDS_EACH" "$BASE/healthz")" >>"$results"
    echo "complaint $(bench_measure $CONNECTIONS "$SECONDS_EACH" "$BASE" -s "$LUA/get-random-complaint.lua")" >>"$results"
    echo "list $(bench_measure $CONNECTIONS "$SECONDS_EACH" "$BASE/v1/complaints?status=received&limit=50" -s "$LUA/authorized.lua")" >>"$results"
    writer="redress_db_writer_busy_seconds_total redress_db_writes_total redress_db_write_batches_total"
    read -r started cpu busy writes batches < <(echo "$(date +%s.%N) $(bench_cpu_seconds) $(bench_metrics $writer)")
    read -r rps rest < <(bench_measure $CONNECTIONS "$SECONDS_EACH" "$BASE/v1/complaints" -s "$LUA/post-complaint.lua")
    echo "post $rps $rest" >>"$results"
    read -r ended cpu2 busy2 writes2 batches2 < <(echo "$(date +%s.%N) $(bench_cpu_seconds) $(bench_metrics $writer)")
    # Server CPU per complaint (µs), the writer's busy share of the time, and writes per commit.
    python3 -c "print('postcpu', ($cpu2 - $cpu) * 1e6 / max($rps * $SECONDS_EACH, 1), ($busy2 - $busy) / ($ended - $started),
                      ($writes2 - $writes) / max($batches2 - $batches, 1), 0)" >>"$results"
    echo "raw $("$BENCH_TOOL" raw-commits --seconds "$SECONDS_EACH" --dir "$BENCH_DIR") 0 0 0" >>"$results"
    echo "rawoff $("$BENCH_TOOL" raw-commits --seconds "$SECONDS_EACH" --dir "$BENCH_DIR" --synchronous off) 0 0 0" >>"$results"
done

python3 "$ROOT/bench/idle.py" "$PORT" 10000 3 >"$BENCH_DIR/idle.out" &
idle=$!
for _ in $(seq 1 300); do [ -s "$BENCH_DIR/idle.out" ] && break; sleep 0.1; done
echo "idle $(cat "$BENCH_DIR/idle.out") $(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status") 0 0" >>"$results"
wait "$idle"
echo "peak $(bench_peak_rss) 0 0 0" >>"$results"

python3 - "$results" "$CONNECTIONS" "$ROUNDS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split()
    rows.setdefault(name, []).append([float(v) for v in values])
def median(name, column):
    return statistics.median(r[column] for r in rows[name])
nginx = median("nginx", 0)
raw = median("raw", 0)
print(f"{sys.argv[3]} interleaved rounds, {sys.argv[2]} keep-alive connections; medians")
print()
print("| workload | req/s | p50 ms | p99 ms | compared with | target |")
print("|---|---:|---:|---:|---|---|")
def row(label, name, compared, target):
    print(f"| {label} | {median(name, 0):,.0f} | {median(name, 1):.2f} | {median(name, 2):.2f} | {compared} | {target} |")
row("nginx, static 400-byte JSON", "nginx", "upper bound", "")
row("GET /healthz", "healthz", f"{median('healthz', 0) / nginx:.0%} of nginx", "≥ 60 % of nginx")
row("GET /v1/complaints/{random id} (100,000)", "complaint", f"{median('complaint', 0) / nginx:.0%} of nginx", "≥ 45 % of nginx, p99 < 5 ms")
row("GET /v1/complaints?status=received&limit=50", "list", f"{median('list', 0) / nginx:.0%} of nginx", "")
row("POST /v1/complaints (synchronous=FULL)", "post", f"{median('post', 0) / raw:.1f}× raw commits", "≥ 2× raw commits")
print(f"| raw SQLite, one fsync'd commit per row | {raw:,.0f} | | | same disk | |")
print(f"| raw SQLite, the same commits without fsync (synchronous=OFF) | {median('rawoff', 0):,.0f} | | | the fsync wall's height | |")
print()
print(f"Intake: the server's CPU time per registered complaint (all threads, user + system) {median('postcpu', 0):.0f} µs; "
      f"the database writer busy {median('postcpu', 1):.0%} of the time, with {median('postcpu', 2):.1f} writes per commit")
failed = {name: sum(r[3] for r in rs) for name, rs in rows.items() if name in ("nginx", "healthz", "complaint", "list", "post")}
for name, count in failed.items():
    if count:
        print(f"\nWARNING: {name} had {count:,.0f} responses that were not 2xx; its figures do not count.")
idle = rows["idle"][0]
print()
print(f"RSS with {idle[0]:,.0f} idle connections open: {idle[1]:.1f} MiB (target < 100 MiB); peak RSS over the run: {rows['peak'][0][0]:.1f} MiB")
PY
