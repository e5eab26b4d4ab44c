#!/usr/bin/env bash
# Compiles the whole-service crate of every model in a folder (default: the
# shared awsJson models; ../shared/models/restJson1 for the restJson1 ones),
# all against one runtime written by `codegen runtime --out`, and prints how
# long generating them all took, each model's result and time, and the counts.
#
# usage: scripts/compile-all-models.sh [MODEL_DIR] [--check|--clippy] [--only NAME...]
#   --check   cargo check (default; what "compiles" means here)
#   --clippy  cargo clippy with warnings denied (slower)
#   --only    just these model files (file names without .json)
#
# Scratch crates and the shared target folder go under target/all-models/.
# Exits 1 when any model fails to generate or compile. Too slow for every CI
# run (the whole set takes most of an hour on 2 cores); CI compiles a fixed,
# diverse sample instead (tests/tests/model_sample.rs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
models="$root/../shared/models/aws"
mode=check
only=()
while [ $# -gt 0 ]; do
    case "$1" in
        --check) mode=check ;;
        --clippy) mode=clippy ;;
        --only) shift; while [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; do only+=("$1"); shift; done; continue ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) models="$1" ;;
    esac
    shift
done
if [ ! -d "$models" ]; then
    echo "error: model folder $models not found" >&2
    exit 2
fi
scratch="$root/target/all-models"
mkdir -p "$scratch"
cargo build --quiet --release -p codegen --manifest-path "$root/Cargo.toml"
codegen="$root/target/release/codegen"
"$codegen" runtime --out "$scratch/runtime" >/dev/null

files=()
if [ ${#only[@]} -gt 0 ]; then
    for name in "${only[@]}"; do files+=("$models/$name.json"); done
else
    mapfile -t files < <(find "$models" -maxdepth 1 -name '*.json' | sort)
fi

members=()
failed=0
generate_start=$(date +%s.%N)
for model in "${files[@]}"; do
    name="$(basename "$model" .json)"
    if ! "$codegen" --model "$model" --out "$scratch/$name" --crate-name "m-$name" --runtime "$scratch/runtime" >/dev/null 2>"$scratch/$name.generate.log"; then
        echo "FAIL generate $name: $(head -c 300 "$scratch/$name.generate.log")"
        failed=$((failed + 1))
        continue
    fi
    members+=("\"$name\"")
done
generated=${#members[@]}
echo "generated $generated of ${#files[@]} models in $(awk -v s="$generate_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s (one codegen process per model)"
{
    echo "[workspace]"
    echo "resolver = \"2\""
    echo "members = [\"runtime\", $(IFS=,; echo "${members[*]}")]"
} >"$scratch/Cargo.toml"
cp "$root/Cargo.lock" "$scratch/Cargo.lock"

export CARGO_TARGET_DIR="$scratch/target"
export RUSTFLAGS="-D warnings"
( cd "$scratch" && cargo build --quiet -p smithy-client-runtime )
ok=0
total_start=$(date +%s)
for member in "${members[@]}"; do
    name="${member//\"/}"
    start=$(date +%s.%N)
    if (cd "$scratch" && cargo "$mode" --quiet -p "m-$name" >"$scratch/$name.$mode.log" 2>&1); then
        ok=$((ok + 1))
        printf 'ok   %-55s %6s s\n' "$name" "$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')"
    else
        failed=$((failed + 1))
        printf 'FAIL %-55s (see %s)\n' "$name" "$scratch/$name.$mode.log"
    fi
done
echo "compiled $ok of ${#files[@]} models with cargo $mode in $(($(date +%s) - total_start)) s; $failed failed"
[ "$failed" -eq 0 ]
