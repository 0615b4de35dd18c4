#!/usr/bin/env bash
# Clones the repository into a temporary folder and follows README.md literally: its test command
# must pass, and its run command must build, serve on :8080 and stop cleanly on SIGTERM.
set -euo pipefail
source_repo=${1:?usage: newcomer.sh <repository>}
work=$(mktemp -d)
server=""
cleanup() {
    [ -n "$server" ] && kill -KILL "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

git clone --quiet "$source_repo" "$work/redress"
cd "$work/redress"

# The first line of the code block under a heading of README.md.
command_under() {
    awk -v heading="$1" '
        $0 == heading { found = 1; next }
        found && /^```/ { if (inside) exit; inside = 1; next }
        found && inside { print; exit }
    ' README.md
}

test_command=$(command_under "## Test it")
[ -n "$test_command" ] || { echo "README.md gives no test command under '## Test it'" >&2; exit 1; }
echo "README's test command: $test_command"
$test_command

run_command=$(command_under "## Run it")
[ "$run_command" = "swift run -c release redress" ] || {
    echo "README.md does not give 'swift run -c release redress' as the run command (found '$run_command')" >&2
    exit 1
}
echo "README's run command: $run_command"
$run_command >"$work/out.log" 2>&1 &
server=$!
for _ in $(seq 1 600); do
    curl -fsS http://127.0.0.1:8080/healthz >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/out.log"; echo "the server exited" >&2; exit 1; }
    sleep 1
done
curl -fsS http://127.0.0.1:8080/healthz
echo
grep -q '"message":"listening"' "$work/out.log" || { cat "$work/out.log"; echo "no start-up line" >&2; exit 1; }
# `swift run` replaces itself with the server (the same process) or, in some versions, starts it
# as a child that SIGTERM would not reach; signal the server process either way.
pid=$(pgrep -f "/release/redress$" | head -n1 || true)
[ -n "$pid" ] || pid=$server
kill -TERM "$pid"
for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$pid" 2>/dev/null; then echo "the server did not stop on SIGTERM" >&2; exit 1; fi
wait "$server" || { status=$?; tail -n 20 "$work/out.log"; echo "the run command exited with $status" >&2; exit 1; }
test -f data/redress.sqlite || { echo "no database at ./data/redress.sqlite" >&2; exit 1; }
echo "newcomer check passed"
