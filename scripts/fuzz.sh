#!/usr/bin/env bash
# Fuzzes every target of fuzz/ (or the ones named) for a number of executions
# each, one target after another, and prints target | execs | seconds | exec/s
# | crashes.
#
# usage: scripts/fuzz.sh [-n RUNS] [-t SECONDS] [--clean] [TARGET...]
#   -n RUNS     executions per target (default 1000000)
#   -t SECONDS  time limit per target, reached first on a slow target (default 900)
#   --clean     start from the seeds alone (fuzz/seed.sh --clean); by default
#               what earlier runs found is kept and fuzzed further
#
# Needs rustup's nightly toolchain; installs cargo-fuzz when it is missing.
# Each target's libFuzzer dictionary, fuzz/dicts/<target>.dict, is used.
# Targets are built with debug assertions and overflow checks but without a
# sanitizer: the code under test is safe Rust, and AddressSanitizer would
# halve the rate. A target stops at its first crash; the input is written to
# fuzz/artifacts/<target>/, and libFuzzer's log to fuzz/target/fuzz-logs/<target>.log.
# Exits 1 when any target crashed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
fuzz="$root/fuzz"
runs=1000000
max_time=900
seed_args=()
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        -n) shift; runs="$1" ;;
        -t) shift; max_time="$1" ;;
        --clean) seed_args+=(--clean) ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        -*) echo "error: unknown option $1" >&2; exit 2 ;;
        *) targets+=("$1") ;;
    esac
    shift
done
if [ ${#targets[@]} -eq 0 ]; then
    targets=(model_loader pcs_responses profile_parser endpoint_url sigv4_canonical xml_reader)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "error: no nightly toolchain; install one with: rustup toolchain install nightly" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz" >&2
    cargo install cargo-fuzz
fi

"$fuzz/seed.sh" "${seed_args[@]}"
# Built once, then the binaries run directly: `cargo fuzz run` would rebuild
# whenever the sources changed meanwhile, and count the build in the time.
(cd "$fuzz" && cargo +nightly fuzz build --sanitizer none --debug-assertions)
host="$(rustc +nightly -vV | sed -n 's/^host: //p')"
bin="$fuzz/target/$host/release"

logs="$fuzz/target/fuzz-logs"
mkdir -p "$logs"
rows=()
crashed=0
for target in "${targets[@]}"; do
    artifacts="$fuzz/artifacts/$target"
    mkdir -p "$artifacts"
    before="$(ls "$artifacts")"
    log="$logs/$target.log"
    echo "fuzzing $target: $runs executions or $max_time s" >&2
    start=$(date +%s.%N)
    # -jobs=1 runs the fuzzer in one worker process, whose output libFuzzer
    # writes to fuzz-0.log and prints when the worker ends.
    dict=()
    [ -f "$fuzz/dicts/$target.dict" ] && dict=(-dict="dicts/$target.dict")
    (cd "$fuzz" && "$bin/$target" -artifact_prefix="artifacts/$target/" -runs="$runs" -max_total_time="$max_time" \
        -jobs=1 -timeout=10 -print_final_stats=1 "${dict[@]}" "corpus/$target") >"$log" 2>&1 || true
    end=$(date +%s.%N)
    rm -f "$fuzz/fuzz-0.log"
    # profile_parser's per-process folders of finished processes (libFuzzer
    # exits without running destructors).
    for dir in /dev/shm/smithy-fuzz-profile-* "${TMPDIR:-/tmp}"/smithy-fuzz-profile-*; do
        [ -d "$dir" ] && ! kill -0 "${dir##*-}" 2>/dev/null && rm -rf "$dir"
    done
    # The final statistics, or after a crash the last progress line's count.
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    [ -n "$execs" ] || execs=0
    crashes=$(comm -13 <(printf '%s\n' "$before" | sort) <(ls "$artifacts" | sort) |
        grep -cE '^(crash|timeout|oom|leak)-' || true)
    [ "$crashes" -eq 0 ] || crashed=1
    seconds=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", e - s }')
    rate=$(awk -v n="$execs" -v s="$start" -v e="$end" 'BEGIN { printf "%.0f", n / (e - s) }')
    rows+=("$(printf '| %-16s | %9s | %7s | %7s | %7s |' "$target" "$execs" "$seconds" "$rate" "$crashes")")
done

printf '| %-16s | %9s | %7s | %7s | %7s |\n' target execs seconds exec/s crashes
printf '|%s|%s|%s|%s|%s|\n' ------------------ ----------- --------- --------- ---------
printf '%s\n' "${rows[@]}"
if [ "$crashed" -eq 1 ]; then
    echo "crash inputs are in $fuzz/artifacts/<target>/; see the logs in $logs" >&2
    exit 1
fi
