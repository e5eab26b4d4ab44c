#!/usr/bin/env bash
# Semver truth for `codegen diff`: for each consecutive pair of a model
# history, regenerate the whole service from both models, let
# cargo-semver-checks (baseline = old crate, current = new crate) judge the
# Rust API change, and compare its verdict with the diff's Rust-API verdict.
#
# usage: scripts/semver-check.sh [HISTORY_DIR]
#   HISTORY_DIR defaults to ../shared/models/history/partnercentral-selling
#
# Installs cargo-semver-checks from crates.io into target/tools if it is not
# on PATH. Scratch crates, rustdoc JSON and build output go under
# target/semver-check/. Exits 1 when a pair disagrees on whether the Rust API
# breaks. Too slow for every CI run (it builds rustdoc for every model
# version); run it after changing the diff's classification or the emitter.
set -euo pipefail
start=$(date +%s)
root="$(cd "$(dirname "$0")/.." && pwd)"
history="${1:-$root/../shared/models/history/partnercentral-selling}"
scratch="$root/target/semver-check"
tools="$root/target/tools"

if [ ! -d "$history" ]; then
    echo "error: model history folder $history not found" >&2
    exit 2
fi

export PATH="$tools/bin:$PATH"
if ! command -v cargo-semver-checks >/dev/null 2>&1; then
    echo "== installing cargo-semver-checks into $tools (once)"
    cargo install --locked --quiet cargo-semver-checks --root "$tools"
fi
echo "== $(cargo-semver-checks semver-checks --version 2>/dev/null || echo cargo-semver-checks)"

echo "== building codegen"
cargo build --quiet --manifest-path "$root/Cargo.toml" -p codegen
codegen="$root/target/debug/codegen"

rm -rf "$scratch/crates" "$scratch/rustdoc"
mkdir -p "$scratch/crates" "$scratch/rustdoc"
mapfile -t models < <(find "$history" -maxdepth 1 -name '*.json' | sort)
if [ "${#models[@]}" -lt 2 ]; then
    echo "error: $history holds fewer than two models" >&2
    exit 2
fi

# One crate and one rustdoc JSON per model version. Every crate is version
# 1.0.0, so cargo-semver-checks judges on the 1.0 scale (major/minor/patch),
# the scale of the diff's own `semver:` line. The crates share a target
# folder, so their dependencies are built once.
echo "== generating ${#models[@]} crates and their rustdoc JSON"
for model in "${models[@]}"; do
    name="$(basename "$model" .json)"
    dir="$scratch/crates/$name"
    "$codegen" --model "$model" --out "$dir" --crate-version 1.0.0 >/dev/null
    # A workspace of its own: the scratch folder lies inside this workspace.
    printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    (cd "$dir" && RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json" \
        CARGO_TARGET_DIR="$scratch/target" cargo doc --quiet --lib --no-deps 2>"$scratch/rustdoc/$name.log") || {
        echo "error: rustdoc failed for $name (see $scratch/rustdoc/$name.log)" >&2
        exit 2
    }
    crate_json="$(find "$scratch/target/doc" -maxdepth 1 -name '*.json' | head -n 1)"
    mv "$crate_json" "$scratch/rustdoc/$name.json"
done

# The strongest bump in cargo-semver-checks' output: from failed checks
# ("semver requires new major version") and from warnings ("produced
# warnings suggest new major version").
bump_in() {
    local pattern="$1" file="$2"
    if grep -q "$pattern new major version" "$file"; then
        echo major
    elif grep -q "$pattern new minor version" "$file"; then
        echo minor
    else
        echo none
    fi
}

rank() {
    case "$1" in
    major) echo 2 ;;
    minor) echo 1 ;;
    *) echo 0 ;;
    esac
}

agree=0
agree_with_warnings=0
pairs=0
printf '\n%-25s %-8s %-10s %-10s %-9s %s\n' "update" "diff" "required" "suggested" "verdict" "lints"
for ((i = 1; i < ${#models[@]}; i++)); do
    old="${models[$((i - 1))]}"
    new="${models[$i]}"
    a="$(basename "$old" .json)"
    b="$(basename "$new" .json)"
    pairs=$((pairs + 1))
    ours="$("$codegen" diff "$old" "$new" | sed -n 's/^semver: \([a-z]*\).*/\1/p')"
    out="$scratch/$a--$b.txt"
    cargo-semver-checks semver-checks --color never --release-type patch \
        --baseline-rustdoc "$scratch/rustdoc/$a.json" --current-rustdoc "$scratch/rustdoc/$b.json" >"$out" 2>&1 || true
    if ! grep -q "Summary" "$out"; then
        echo "error: cargo-semver-checks failed on $a → $b:" >&2
        cat "$out" >&2
        exit 2
    fi
    required="$(bump_in "semver requires" "$out")"
    suggested="$(bump_in "warnings suggest" "$out")"
    if [ "$(rank "$required")" -gt "$(rank "$suggested")" ]; then
        suggested="$required"
    fi
    lints="$(sed -n 's/^--- \(failure\|warning\) \([a-z_]*\):.*/\2/p' "$out" | sort -u | paste -sd, -)"
    # cargo-semver-checks sees removals and incompatible changes, not
    # additions: it answers "does this break?", so compare on that question
    # (and a minor it requires, e.g. a deprecation, must be at least minor here).
    matches() {
        local theirs="$1"
        case "$theirs" in
        major) [ "$ours" = major ] ;;
        minor) [ "$ours" = minor ] ;;
        *) [ "$ours" != major ] ;;
        esac
    }
    verdict="DISAGREE"
    if matches "$required"; then
        agree=$((agree + 1))
        verdict="agree"
    fi
    if matches "$suggested"; then
        agree_with_warnings=$((agree_with_warnings + 1))
    elif [ "$verdict" = agree ]; then
        verdict="agree*"
    fi
    printf '%-25s %-8s %-10s %-10s %-9s %s\n' "$a → $b" "$ours" "$required" "$suggested" "$verdict" "${lints:--}"
done

elapsed=$(($(date +%s) - start))
echo
echo "agreement with cargo-semver-checks: $agree/$pairs updates on failed checks;" \
    "$agree_with_warnings/$pairs counting its warnings too (agree* = only a warning disagrees)"
echo "full outputs: $scratch/<old>--<new>.txt"
echo "took ${elapsed}s"
[ "$agree" -eq "$pairs" ]
