#!/usr/bin/env bash
# Benchmarks our generated Partner Central Selling client against the official
# aws-sdk-partnercentralselling (with aws-config), side by side in one sitting,
# and prints one table of ratios:
#
#   build     clean release and debug builds of the same small program (tokio +
#             one CreateResourceSnapshotJob call), each in a fresh target
#             folder: wall time, crates in the dependency tree, binary size
#   size      lines of Rust for the whole service: ours generated from
#             ../shared/models/aws/partnercentral-selling-2022-07-26.json,
#             theirs the official crate's src/ as cargo downloaded it
#   calls     calls per second against a canned keep-alive server on
#             127.0.0.1 (sequential and 16 tasks), with a raw HTTP/1.1 loop
#             as the floor
#   gen       generation speed (criterion, codegen/benches/): one operation,
#             the whole service, every awsJson shared model in one process,
#             and every shared model of every protocol; parsing the JSON
#             alone is the floor
#   big       whole services (DynamoDB, ECS, SSM from ../shared/models/aws/)
#             against aws-sdk-dynamodb, aws-sdk-ecs and aws-sdk-ssm, debug
#             profile: the service crate's own compile with its dependencies
#             prebuilt (wall time and rustc's peak memory, read by a
#             RUSTC_WRAPPER that only measures), the rebuild of a one-call
#             user program (big-services/) after touching its main.rs (the
#             median of three), and lines of Rust
#
# Usage: tests/bench/run.sh [--sections build,size,calls,gen,big]
#
# Nothing is installed by hand: cargo fetches what the benchmark crates need
# (network access to crates.io), then every timed step runs offline. Scratch
# output goes to tests/bench/target/. Takes about 35-45 minutes on 2 cores,
# most of it the official SDK's clean builds.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/../.." && pwd)
SHARED_MODELS=$ROOT/../shared/models/aws
WHOLE_MODEL=$SHARED_MODELS/partnercentral-selling-2022-07-26.json
SCRATCH=$BENCH/target/run
# The generator is built apart from the main workspace's target folder, so
# the benchmark neither waits for nor disturbs a developer's builds.
CODEGEN_TARGET=$BENCH/target/codegen

SECTIONS=build,size,calls,gen,big
while [ $# -gt 0 ]; do
    case $1 in
        --sections) SECTIONS=${2:?--sections needs a list}; shift 2 ;;
        -h | --help) sed -n '2,32p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
want() { [[ ",$SECTIONS," == *",$1,"* ]]; }

# Timings must not come from a compiler cache.
unset RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER CARGO_TARGET_DIR || true
export CARGO_TERM_COLOR=never

mkdir -p "$SCRATCH"
LOG=$SCRATCH/log.txt
: >"$LOG"
START=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)
note() { echo "[$(($(date +%s) - START))s] $*" >&2; }
now() { date +%s.%N; }
# elapsed START END [DECIMALS]: the seconds between two `now` readings (one
# decimal unless told).
elapsed() { awk -v a="$1" -v b="$2" -v d="${3:-1}" 'BEGIN { printf "%.*f", d, b - a }'; }

declare -A R # results by key

# --- build cost ---------------------------------------------------------------

# Unique crates the program's build compiles (normal and build dependencies),
# not counting the program itself.
crate_count() {
    (cd "$BENCH" && cargo tree --locked --offline -p "$1" -e normal,build --prefix none) |
        sed 's/ (\*)$//' | sort -u | grep -vc "^$1 v"
}

# clean_build PROGRAM PROFILE: a clean build in a fresh target folder.
clean_build() {
    local program=$1 profile=$2 dir=$SCRATCH/build-$1-$2 flags=()
    [ "$profile" = release ] && flags=(--release)
    rm -rf "$dir"
    note "clean $profile build of bench-$program"
    local t0 t1
    t0=$(now)
    (cd "$BENCH" && cargo build --locked --offline -p "bench-$program" "${flags[@]}" --target-dir "$dir") >>"$LOG" 2>&1
    t1=$(now)
    R[build_${profile}_$program]=$(elapsed "$t0" "$t1")
    if [ "$profile" = release ]; then
        R[binary_$program]=$(wc -c <"$dir/release/bench-$program")
    fi
}

if want build || want size || want calls || want big; then
    note "fetching the benchmark crates' dependencies (the only network step)"
    (cd "$BENCH" && cargo fetch --locked) >>"$LOG" 2>&1
fi

if want build; then
    # Interleaved, so that a change in the machine's load hits both programs.
    clean_build ours release
    clean_build official release
    clean_build ours debug
    clean_build official debug
    R[crates_ours]=$(crate_count bench-ours)
    R[crates_official]=$(crate_count bench-official)
    # The issue-3 figures, with that issue's exact command: our crate as the
    # main workspace resolves it, the official crates as their program does.
    R[tree3_ours]=$( (cd "$ROOT" && cargo tree --offline -p partnercentral-selling -e normal --prefix none) | sort -u | wc -l) ||
        R[tree3_ours]=""
    R[tree3_official]=$( (cd "$BENCH" && cargo tree --locked --offline -p aws-sdk-partnercentralselling -p aws-config \
        -e normal --prefix none) | sort -u | wc -l)
fi

# --- generated code size ------------------------------------------------------

# count_lines DIR: all lines, and lines that are neither blank nor comments.
count_lines() {
    find "$1" -name '*.rs' -type f -print0 | xargs -0 cat |
        awk '{ n++; t = $0; sub(/^[ \t]+/, "", t); if (t != "" && t !~ /^\/\//) c++ } END { print n + 0, c + 0 }'
}

# official_crate_dir NAME: where cargo unpacked the official crate NAME.
official_crate_dir() {
    (cd "$BENCH" && cargo metadata --locked --offline --format-version 1) |
        grep -o "\"manifest_path\":\"[^\"]*/$1-[0-9][^\"/]*/Cargo.toml\"" | head -1 |
        sed 's/^"manifest_path":"//; s/\/Cargo.toml"$//'
}

if want size; then
    if [ -f "$WHOLE_MODEL" ]; then
        note "generating the whole Partner Central Selling service"
        rm -rf "$SCRATCH/whole-service"
        if (cd "$ROOT" && CARGO_TARGET_DIR=$CODEGEN_TARGET cargo run --release -p codegen -- \
            --model "$WHOLE_MODEL" --out "$SCRATCH/whole-service") >>"$LOG" 2>&1; then
            read -r 'R[lines_ours]' 'R[code_ours]' < <(count_lines "$SCRATCH/whole-service/src")
        else
            note "generating the whole service failed; see $LOG"
        fi
    else
        note "skipping our line count: $WHOLE_MODEL is absent"
    fi
    official_dir=$(official_crate_dir aws-sdk-partnercentralselling)
    R[official_version]=$(basename "$official_dir")
    read -r 'R[lines_official]' 'R[code_official]' < <(count_lines "$official_dir/src")
fi

# --- per-call overhead ----------------------------------------------------------

if want calls; then
    note "building the throughput benchmark"
    (cd "$BENCH" && cargo build --locked --offline --release -p bench-throughput) >>"$LOG" 2>&1
    note "measuring calls per second (bounded: 5 rounds of 2 s per client and mode)"
    "$BENCH/target/release/bench-throughput" --seconds 2 --rounds 5 --tasks 16 >"$SCRATCH/calls.txt" 2>>"$LOG"
    while read -r _ mode kind rate; do
        R[calls_${mode}_$kind]=$rate
    done < <(grep '^RESULT ' "$SCRATCH/calls.txt")
fi

# --- generation speed -------------------------------------------------------------

# The median of a criterion benchmark, in milliseconds.
criterion_ms() {
    local file=$CODEGEN_TARGET/criterion/$1/$2/new/estimates.json
    [ -f "$file" ] || return 0
    sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$file" |
        awk '{ printf "%.3f", $1 / 1e6 }'
}

if want gen; then
    note "criterion: generation speed (one operation, whole service)"
    (cd "$ROOT" && CARGO_TARGET_DIR=$CODEGEN_TARGET cargo bench -p codegen --bench generate) >>"$LOG" 2>&1 ||
        note "the generation benchmarks failed; see $LOG"
    for group in one_operation whole_service; do
        for bench in parse_only load_and_generate; do
            R[gen_${group}_$bench]=$(criterion_ms "$group" "$bench")
        done
    done
    # all_models KEY ROUNDS DIR...: the all-models benchmark over DIRs, its
    # results kept as R[gen_KEY_parse_only], R[gen_KEY_load_and_generate]
    # and R[gen_KEY_services].
    all_models() {
        local key=$1 rounds=$2
        shift 2
        (cd "$ROOT" && CARGO_TARGET_DIR=$CODEGEN_TARGET cargo bench -p codegen --bench all_models -- --rounds "$rounds" \
            "$@") >"$SCRATCH/gen_$key.txt" 2>>"$LOG" || note "the all-models benchmark ($key) failed; see $LOG"
        while read -r _ _ what seconds services; do
            R[gen_${key}_$what]=$seconds
            R[gen_${key}_services]=$services
        done < <(grep '^RESULT all_models ' "$SCRATCH/gen_$key.txt")
    }
    if [ -d "$SHARED_MODELS" ]; then
        note "every shared model in one process"
        all_models all 3 "$SHARED_MODELS"
        # Every protocol's models: about a minute a round, so two rounds.
        SHARED_ROOT=$(dirname "$SHARED_MODELS")
        every=()
        for dir in aws restJson1 awsQuery restXml; do
            [ -d "$SHARED_ROOT/$dir" ] && every+=("$SHARED_ROOT/$dir")
        done
        note "every shared model of every protocol (${every[*]##*/}) in one process"
        all_models every 2 "${every[@]}"
    fi
fi

# --- big services -------------------------------------------------------------------

# service:model file in ../shared/models/aws/ (without .json):official crate
BIG_SERVICES=(dynamodb:dynamodb-2012-08-10:aws-sdk-dynamodb ecs:ecs-2014-11-13:aws-sdk-ecs ssm:ssm-2014-11-06:aws-sdk-ssm)
BIG_OURS=$SCRATCH/big-ours
METER_LOG=$SCRATCH/rustc-meter.txt

# A RUSTC_WRAPPER that changes nothing: it runs rustc under /usr/bin/time for
# the crates named in METER_CRATES and appends "crate seconds peak-KiB" to
# METER_LOG. Both sides build through it, so neither pays more than the other.
write_meter() {
    cat >"$SCRATCH/rustc-meter" <<'METER'
#!/usr/bin/env bash
rustc=$1
shift
name=
prev=
for arg in "$@"; do
    [ "$prev" = --crate-name ] && name=$arg
    prev=$arg
done
if [ -n "$name" ] && [[ " $METER_CRATES " == *" $name "* ]]; then
    exec /usr/bin/time -a -o "$METER_LOG" -f "$name %e %M" "$rustc" "$@"
fi
exec "$rustc" "$@"
METER
    chmod +x "$SCRATCH/rustc-meter"
}

# meter_last CRATE: the seconds and peak bytes of CRATE's last metered compile.
meter_last() { awk -v c="$1" '$1 == c { s = $2; m = $3 } END { if (s != "") print s, m * 1024 }' "$METER_LOG"; }

# measure_big SIDE DIR CRATE PROGRAM MAIN SERVICE [CARGO FLAGS...]: in the
# workspace DIR, with a target folder per side (dependencies built once, by
# the first program built there), the service crate CRATE compiled again
# after `cargo clean -p` (read through the meter), then the user program
# PROGRAM rebuilt after touching its MAIN: the median of three rebuilds, as
# one takes well under two seconds and a single one moves with the noise.
measure_big() {
    local side=$1 dir=$2 crate=$3 program=$4 main=$5 svc=$6
    shift 6
    local target=$SCRATCH/big-$side-target t0 t1
    note "debug build of $program and its dependencies ($side)"
    (cd "$dir" && cargo build "$@" -p "$program" --target-dir "$target") >>"$LOG" 2>&1
    (cd "$dir" && cargo clean "$@" -p "$crate" --target-dir "$target") >>"$LOG" 2>&1
    note "debug build of $crate alone ($side)"
    (cd "$dir" && cargo build "$@" -p "$program" --target-dir "$target") >>"$LOG" 2>&1
    read -r "R[big_${svc}_build_$side]" "R[big_${svc}_memory_$side]" < <(meter_last "${crate//-/_}")
    local times=() i
    for i in 1 2 3; do
        touch "$main"
        t0=$(now)
        (cd "$dir" && cargo build "$@" -p "$program" --target-dir "$target") >>"$LOG" 2>&1
        t1=$(now)
        times+=("$(elapsed "$t0" "$t1" 3)")
    done
    R[big_${svc}_rebuild_$side]=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
}

if want big; then
    if [ ! -d "$SHARED_MODELS" ]; then
        note "skipping the big services: $SHARED_MODELS is absent"
    elif [ ! -x /usr/bin/time ]; then
        note "skipping the big services: rustc's peak memory is read through /usr/bin/time (GNU time), which is absent"
    else
        write_meter
        : >"$METER_LOG"
        export METER_LOG
        rm -rf "$BIG_OURS" "$SCRATCH/big-ours-target" "$SCRATCH/big-official-target"
        mkdir -p "$BIG_OURS"
        members=()
        for entry in "${BIG_SERVICES[@]}"; do
            IFS=: read -r svc model crate <<<"$entry"
            note "generating the whole $svc service"
            (cd "$ROOT" && CARGO_TARGET_DIR=$CODEGEN_TARGET cargo run --release -p codegen -- \
                --model "$SHARED_MODELS/$model.json" --crate-name "$svc" --out "$BIG_OURS/$svc") >>"$LOG" 2>&1
            mkdir -p "$BIG_OURS/use-$svc/src"
            cp "$BENCH/big-services/ours/$svc.rs" "$BIG_OURS/use-$svc/src/main.rs"
            printf '%s\n' '[package]' "name = \"use-$svc\"" 'version = "0.0.0"' 'edition = "2024"' 'publish = false' '' \
                '[dependencies]' "$svc = { path = \"../$svc\" }" \
                'tokio = { version = "1.44", features = ["macros", "rt-multi-thread"] }' >"$BIG_OURS/use-$svc/Cargo.toml"
            members+=("\"$svc\"" "\"use-$svc\"")
            read -r "R[big_${svc}_lines_ours]" _ < <(count_lines "$BIG_OURS/$svc/src")
            official_dir=$(official_crate_dir "$crate")
            R[big_${svc}_version]=$(basename "$official_dir")
            read -r "R[big_${svc}_lines_official]" _ < <(count_lines "$official_dir/src")
            R[big_${svc}_ops_ours]=$(find "$BIG_OURS/$svc/src/operation" -mindepth 1 -maxdepth 1 -type d | wc -l)
            R[big_${svc}_ops_official]=$(find "$official_dir/src/operation" -mindepth 1 -maxdepth 1 -type d | wc -l)
        done
        (
            IFS=,
            printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "${members[*]}"
        ) >"$BIG_OURS/Cargo.toml"
        # Our crates resolve, offline, against the versions the benchmark's
        # lock file pins.
        cp "$BENCH/Cargo.lock" "$BIG_OURS/Cargo.lock"
        export RUSTC_WRAPPER=$SCRATCH/rustc-meter
        for entry in "${BIG_SERVICES[@]}"; do
            IFS=: read -r svc model crate <<<"$entry"
            export METER_CRATES="$svc ${crate//-/_}"
            measure_big ours "$BIG_OURS" "$svc" "use-$svc" "$BIG_OURS/use-$svc/src/main.rs" "$svc" --offline
            measure_big official "$BENCH" "$crate" "bench-big-official-$svc" \
                "$BENCH/big-services/official-$svc/src/main.rs" "$svc" --offline --locked
        done
        unset RUSTC_WRAPPER METER_CRATES
    fi
fi

# --- the table ----------------------------------------------------------------------

get() { echo "${R[$1]:-}"; }

# row LABEL OURS THEIRS UNIT GOAL_KIND GOAL: GOAL_KIND is `max`
# (ours/theirs at most GOAL), `min` (at least GOAL), `abs` (ours below GOAL
# units) or `none`.
row() {
    local label=$1 ours=$2 theirs=$3 unit=$4 kind=$5 goal=$6
    awk -v label="$label" -v ours="$ours" -v theirs="$theirs" -v unit="$unit" -v kind="$kind" -v goal="$goal" '
    function show(v) {
        if (v == "") return "n/a"
        if (unit == "MB") return sprintf("%.1f MB", v / 1e6)
        if (unit == "s") return (v < 10) ? sprintf("%.2f s", v) : sprintf("%.1f s", v)
        if (unit == "ms") return sprintf("%.2f ms", v)
        if (unit == "/s") return sprintf("%.0f/s", v)
        return sprintf("%d", v)
    }
    BEGIN {
        # The verdict uses the exact ratio, not the two digits shown: 0.204
        # shows as 0.20 but misses a goal of 1/5.
        exact = (ours != "" && theirs != "" && theirs + 0 != 0) ? ours / theirs : ""
        ratio = (exact != "") ? sprintf("%.2f", exact) : "n/a"
        # A goal may be a fraction ("1/3"), so that a third is exactly a third.
        if (goal ~ /\//) { split(goal, g, "/"); bound = g[1] / g[2] } else bound = goal + 0
        if (kind == "max") { target = "<= " goal; ok = (exact != "" && exact <= bound) }
        if (kind == "min") { target = ">= " goal; ok = (exact != "" && exact >= bound) }
        if (kind == "abs") { target = "< " show(goal); ok = (ours != "" && ours + 0 < goal + 0) }
        if (kind == "none") target = ""
        verdict = (kind == "none") ? "" : ((ours == "" || (kind != "abs" && ratio == "n/a")) ? "n/a" : (ok ? "met" : "MISSED"))
        printf "| %s | %s | %s | %s | %s | %s |\n", label, show(ours), show(theirs), ratio, target, verdict
    }'
}

echo
# The small program's rows compare with the official Partner Central Selling
# crate; the big services name their official crates below the table.
against="${R[official_version]:-aws-sdk-partnercentralselling} + aws-config"
if ! want build && ! want size && ! want calls; then
    if want big; then against="the official crates named below the table"; else against="the floors in each row"; fi
fi
echo "Benchmarks of $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), $(rustc --version | cut -d' ' -f1-2)," \
    "against $against; ratio = ours / theirs (or floor)."
echo
echo "| measure | ours | official (or floor) | ratio | goal | |"
echo "|---|---|---|---|---|---|"
if want build; then
    row "clean release build, wall time" "$(get build_release_ours)" "$(get build_release_official)" s max 1/5
    row "clean debug build, wall time" "$(get build_debug_ours)" "$(get build_debug_official)" s max 1/5
    row "crates in the dependency tree" "$(get crates_ours)" "$(get crates_official)" n max 1/4
    row "release binary size" "$(get binary_ours)" "$(get binary_official)" MB max 1/4
fi
if want size; then
    row "generated lines of Rust, whole service (src/)" "$(get lines_ours)" "$(get lines_official)" n max 1/3
    row "  of which code (not blank, not comments)" "$(get code_ours)" "$(get code_official)" n none ""
fi
if want calls; then
    row "calls/s, sequential, vs official" "$(get calls_sequential_ours)" "$(get calls_sequential_official)" /s min 3
    row "calls/s, 16 tasks, vs official" "$(get calls_concurrent_ours)" "$(get calls_concurrent_official)" /s min 3
    row "calls/s, sequential, vs raw HTTP/1.1 floor" "$(get calls_sequential_ours)" "$(get calls_sequential_raw)" /s min 0.5
    row "calls/s, 16 tasks, vs raw HTTP/1.1 floor" "$(get calls_concurrent_ours)" "$(get calls_concurrent_raw)" /s min 0.5
    row "  hyper-util pooled client alone, sequential" "$(get calls_sequential_hyper)" "$(get calls_sequential_raw)" /s none ""
    row "  hyper-util pooled client alone, 16 tasks" "$(get calls_concurrent_hyper)" "$(get calls_concurrent_raw)" /s none ""
fi
if want gen; then
    row "generate one operation (model/), vs parse only" "$(get gen_one_operation_load_and_generate)" "$(get gen_one_operation_parse_only)" ms abs 20
    row "generate whole service, vs parse only" "$(get gen_whole_service_load_and_generate)" "$(get gen_whole_service_parse_only)" ms none ""
    row "generate all $(get gen_all_services) shared models, one process, vs parse only" "$(get gen_all_load_and_generate)" "$(get gen_all_parse_only)" s abs 10
    row "generate all $(get gen_every_services) shared models of every protocol, vs parse only" "$(get gen_every_load_and_generate)" "$(get gen_every_parse_only)" s abs 25
fi
if want big; then
    for entry in "${BIG_SERVICES[@]}"; do
        IFS=: read -r svc _ _ <<<"$entry"
        row "$svc: service crate alone, clean debug build" "$(get "big_${svc}_build_ours")" \
            "$(get "big_${svc}_build_official")" s max 1/3
        row "$svc: service crate alone, rustc peak memory" "$(get "big_${svc}_memory_ours")" \
            "$(get "big_${svc}_memory_official")" MB max 1/3
        row "$svc: user program rebuilt after touching main.rs" "$(get "big_${svc}_rebuild_ours")" \
            "$(get "big_${svc}_rebuild_official")" s max 1/3
        row "$svc: lines of Rust (src/)" "$(get "big_${svc}_lines_ours")" "$(get "big_${svc}_lines_official")" n max 1/3
    done
fi
if want big; then
    echo
    printf 'Big services (debug profile): ours generated from ../shared/models/aws/, the official crates as tests/bench/Cargo.lock pins them:'
    for entry in "${BIG_SERVICES[@]}"; do
        IFS=: read -r svc model _ <<<"$entry"
        printf ' %s.json (%s operations) against %s (%s operations);' "$model" "$(get "big_${svc}_ops_ours")" \
            "$(get "big_${svc}_version")" "$(get "big_${svc}_ops_official")"
    done
    echo
fi
if want build; then
    echo
    echo "Issue-3 figures: \`cargo tree -p partnercentral-selling -e normal --prefix none | sort -u | wc -l\` = $(get tree3_ours)" \
        "(main workspace); the same for \`-p aws-sdk-partnercentralselling -p aws-config\` = $(get tree3_official);" \
        "clean debug build of the small program: ours $(get build_debug_ours) s, official $(get build_debug_official) s."
fi
echo
echo "Command: \`tests/bench/run.sh\` (took $(($(date +%s) - START)) s; load average $LOAD_START at the start," \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a) at the end; logs in tests/bench/target/run/)."
