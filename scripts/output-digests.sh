#!/usr/bin/env bash
# Checks that the generator's output for every shared model (../shared/models:
# awsJson, restJson1, awsQuery, restXml) is byte-identical to the digests
# recorded in tests/fixtures/output-digests.txt; with --update, records the
# current output instead (do that in a commit of its own, after reviewing
# the snapshot changes that explain it). CI checks a fixed sample of the
# same list on every run (tests/tests/output_digests.rs).
#
# Usage: scripts/output-digests.sh [--update]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
case "${1:-}" in
    --update) export UPDATE_OUTPUT_DIGESTS=1 ;;
    "") export OUTPUT_DIGESTS=all ;;
    *) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac
# Release: every model in one test takes a few minutes in a debug build.
cargo test --release -p tests --test output_digests -- --nocapture
