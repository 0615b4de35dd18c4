#!/usr/bin/env bash
# Store benchmark: single-row commits/s with and without group commit at 1, 8 and 64 writers
# (synchronous=FULL), next to the raw one-commit-per-row rate on the same disk, and point reads/s.
# Builds the release benchmark and prints one table; takes about a minute. Extra arguments go to
# `redress-bench store` (--seconds N per measurement, --dir DIR for the database files).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product redress-bench >&2
exec .build/release/redress-bench store "$@"
