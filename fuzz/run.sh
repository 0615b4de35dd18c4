#!/usr/bin/env bash
# Builds the libFuzzer targets with swiftc into .build-fuzz/ and runs each for the given seconds
# (default 60) on a scratch copy of its seed corpus in fuzz/corpus/:
#   fuzz/run.sh [seconds]
# RequestParserFuzz feeds bytes to the HTTP request parser whole and in pieces, as a
# connection's reads would, and checks that both make the same requests and that both or neither
# fail. ComplaintDraftFuzz parses bytes as JSON, checks that the value's encoding parses and
# encodes again to the same bytes and numbers, and reads a JSON object as a complaint through
# ComplaintRoutes.draft(from:) and Intake, which validate it with ComplaintRules. Every module is
# compiled with the fuzzer's coverage and AddressSanitizer, and LeakSanitizer is on. Needs only
# the Swift toolchain (it ships libFuzzer, the sanitizers and lld), libsqlite3-dev and libssl-dev.
# Each target prints its run count and executions per second. A crash, failed check, hang
# (-timeout), leak or memory blow-up (-rss_limit_mb) prints the target's log, saves the
# input under fuzz/artifacts/ and makes the script exit non-zero, after both targets have run.
set -euo pipefail

SECONDS_PER_TARGET=${1:-60}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$ROOT/.build-fuzz"
ARTIFACTS="$ROOT/fuzz/artifacts"
mkdir -p "$BUILD" "$ARTIFACTS"
# AddressSanitizer symbolizes stack traces with the toolchain's own llvm-symbolizer.
SYMBOLIZER="$(dirname "$(command -v swiftc)")/llvm-symbolizer"
[ -x "$SYMBOLIZER" ] && export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"

FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -I "$BUILD" -I "$ROOT/Sources/CSystem")

# Compiles Sources/$1 (or the files given after it) into a static library and module in $BUILD.
build_module() {
    local name=$1; shift
    local sources=("$@")
    # Every file of the module, its subfolders' too (RedressDomain/TimeLimits, RedressAPI/...).
    [ ${#sources[@]} -gt 0 ] || mapfile -t sources < <(find "$ROOT/Sources/$name" -name '*.swift' | sort)
    swiftc "${FLAGS[@]}" -enable-testing -module-name "$name" -emit-module -emit-module-path "$BUILD/$name.swiftmodule" \
        -emit-library -static -o "$BUILD/lib$name.a" "${sources[@]}"
}

# Links fuzz/$1.swift, with any further sources, against the modules listed in $2.
build_target() {
    local target=$1 modules=$2; shift 2
    local libraries=()
    for module in $modules; do libraries+=("$BUILD/lib$module.a"); done
    # The toolchain's lld, as ld.gold warns about every AddressSanitizer symbol it cannot export.
    swiftc "${FLAGS[@]}" -use-ld=lld -module-name "$target" -o "$BUILD/$target" "$ROOT/fuzz/$target.swift" "$@" \
        "${libraries[@]}" -lsqlite3 -lssl -lcrypto -lm
}

build() {
    echo "building the fuzz targets in $BUILD"
    build_module JSON
    build_module Locking
    build_module HTTP
    build_module SQLite
    build_module RedressDomain
    build_module RedressStore
    build_module RedressCasework
    build_module Outbound
    # RedressAPI embeds openapi.yaml through a build plugin; the same tool makes the file here.
    swiftc -O -o "$BUILD/embed-text" "$ROOT/Sources/embed-text/main.swift"
    "$BUILD/embed-text" "$ROOT/openapi.yaml" "$BUILD/OpenAPIText.swift" openAPIText
    mapfile -t api < <(find "$ROOT/Sources/RedressAPI" -name '*.swift' | sort)
    build_module RedressAPI "${api[@]}" "$BUILD/OpenAPIText.swift"
    # The tests' parser driver feeds the parser as a connection does; the fuzzer reuses it.
    build_target RequestParserFuzz "HTTP Locking JSON" "$ROOT/Tests/HTTPTests/ParserDriver.swift"
    build_target ComplaintDraftFuzz "RedressAPI Outbound RedressCasework RedressStore SQLite RedressDomain HTTP Locking JSON"
}

# Runs one target over a scratch copy of its seed corpus, so new inputs stay out of the repo. The
# whole log is kept in $BUILD/$target.log; on failure it is printed without libFuzzer's progress
# lines, otherwise only libFuzzer's final stats are.
run() {
    local target=$1 corpus=$2 max_len=$3
    local work="$BUILD/corpus-$corpus" log="$BUILD/$target.log"
    rm -rf "$work" && mkdir -p "$work"
    cp "$ROOT/fuzz/corpus/$corpus"/* "$work/"
    echo "== running $target for ${SECONDS_PER_TARGET}s"
    local code=0
    # Swift's own crash backtracer is off: its reads of the crashed process trip AddressSanitizer,
    # which then reports a false error of its own; libFuzzer prints the stack instead.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=1 "$BUILD/$target" "$work" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -timeout=5 -rss_limit_mb=2048 \
        -detect_leaks=1 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$target-" >"$log" 2>&1 || code=$?
    local runs speed
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    if [ "$code" -ne 0 ]; then
        grep -v -E '^#[0-9]+[[:space:]]' "$log"
        echo "== $target FAILED (exit $code) after ${runs:-?} runs; the input is under $ARTIFACTS/"
        return 1
    fi
    grep -E '^(Done |stat::)' "$log"
    echo "== $target clean: ${runs:-?} runs in ${SECONDS_PER_TARGET}s, ${speed:-?} exec/s"
}

build
status=0
run RequestParserFuzz request 20000 || status=1
run ComplaintDraftFuzz json 8192 || status=1
[ "$status" -eq 0 ] && echo "== both targets ran ${SECONDS_PER_TARGET}s clean" || echo "== fuzzing found a failure" >&2
exit $status
