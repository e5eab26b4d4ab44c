#!/usr/bin/env bash
# Semver truth for `codegen diff`: regenerate the whole service from both
# models of each update, let cargo-semver-checks (baseline = old crate,
# current = new crate) judge the Rust API change, and compare its verdict
# with the diff's own (`semver:` line, 1.0 scale).
#
# usage: scripts/semver-check.sh [HISTORY_DIR]   consecutive pairs of a model history
#                                                 (default ../shared/models/history/partnercentral-selling)
#        scripts/semver-check.sh --fixtures       the pairs under tests/fixtures/diff/
#
# Installs cargo-semver-checks from crates.io into target/tools when it is not
# on PATH. Scratch crates, rustdoc JSON and reports go under
# target/semver-check/. With --fixtures, each pair's user code (the pair's
# usage.rs, else tests/fixtures/diff/usage.rs) is also compiled against both
# crates: it must break exactly when the diff says the Rust API breaks. Exits 1
# when an update disagrees with its truth: the user code where there is one,
# else cargo-semver-checks' failed checks.
# Too slow for every CI run (it builds rustdoc for every model version).
set -euo pipefail
start=$(date +%s)
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/target/semver-check"
tools="$root/target/tools"

# The updates: "label old.json new.json" per line.
pairs_file="$(mktemp)"
trap 'rm -f "$pairs_file"' EXIT
if [ "${1:-}" = "--fixtures" ]; then
    for dir in "$root"/tests/fixtures/diff/*/; do
        echo "$(basename "$dir") $dir/old.json $dir/new.json" >>"$pairs_file"
    done
else
    history="${1:-$root/../shared/models/history/partnercentral-selling}"
    if [ ! -d "$history" ]; then
        echo "error: model history folder $history not found" >&2
        exit 2
    fi
    mapfile -t models < <(find "$history" -maxdepth 1 -name '*.json' | sort)
    for ((i = 1; i < ${#models[@]}; i++)); do
        a="${models[$((i - 1))]}"
        b="${models[$i]}"
        echo "$(basename "$a" .json)→$(basename "$b" .json) $a $b" >>"$pairs_file"
    done
fi
if [ ! -s "$pairs_file" ]; then
    echo "error: no updates to check" >&2
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

rm -rf "$scratch/crates" "$scratch/rustdoc" "$scratch/reports" "$scratch/usage"
mkdir -p "$scratch/crates" "$scratch/rustdoc" "$scratch/reports" "$scratch/usage"

# One crate and one rustdoc JSON per distinct model file (by content). Every
# crate is version 1.0.0, so cargo-semver-checks judges on the 1.0 scale
# (major/minor/patch), the scale of the diff's `semver:` line. The crates
# share a target folder, so their dependencies are built once.
rustdoc_of() {
    local model="$1" key dir
    key="$(cksum <"$model" | cut -d' ' -f1)"
    if [ ! -f "$scratch/rustdoc/$key.json" ]; then
        dir="$scratch/crates/$key"
        "$codegen" --model "$model" --out "$dir" --crate-version 1.0.0 >/dev/null
        # A workspace of its own: the scratch folder lies inside this workspace.
        printf '\n[workspace]\n' >>"$dir/Cargo.toml"
        cp "$root/Cargo.lock" "$dir/Cargo.lock"
        rm -f "$scratch"/target/doc/*.json
        if ! (cd "$dir" && RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json" \
            CARGO_TARGET_DIR="$scratch/target" cargo doc --quiet --lib --no-deps >"$scratch/rustdoc/$key.log" 2>&1); then
            echo "error: rustdoc failed for $model (see $scratch/rustdoc/$key.log)" >&2
            exit 2
        fi
        mv "$(find "$scratch/target/doc" -maxdepth 1 -name '*.json' | head -n 1)" "$scratch/rustdoc/$key.json"
        sed -n 's/^name = "\(.*\)"/\1/p' "$dir/Cargo.toml" | head -n 1 >"$scratch/rustdoc/$key.package"
    fi
    echo "$scratch/rustdoc/$key"
}

# Whether a usage program compiles against the crate of a rustdoc key:
# `cargo check` of a scratch binary depending on the crate by path.
compiles() {
    local key="$1" usage="$2" dir
    dir="$scratch/usage/$(basename "$key")-$(cksum <"$usage" | cut -d' ' -f1)"
    mkdir -p "$dir/src"
    cp "$usage" "$dir/src/main.rs"
    cp "$root/Cargo.lock" "$dir/Cargo.lock"
    printf '[package]\nname = "usage"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s = { path = "%s" }\n\n[workspace]\n' \
        "$(cat "$key.package")" "$scratch/crates/$(basename "$key")" >"$dir/Cargo.toml"
    if (cd "$dir" && CARGO_TARGET_DIR="$scratch/target" cargo check --offline --quiet >"$dir/check.log" 2>&1); then
        echo yes
    else
        echo no
    fi
}

# The strongest bump in cargo-semver-checks' output, from failed checks
# ("semver requires new major version") or from warnings ("produced warnings
# suggest new major version").
bump_in() {
    if grep -q "$1 new major version" "$2"; then
        echo major
    elif grep -q "$1 new minor version" "$2"; then
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

# cargo-semver-checks finds removals and incompatible changes, not additions:
# it answers "does this break?". So its `major` must be the diff's `major`, a
# `minor` it requires (a deprecation) must be the diff's `minor`, and its
# `none` must be anything but `major`.
matches() {
    case "$1" in
    major) [ "$2" = major ] ;;
    minor) [ "$2" = minor ] ;;
    *) [ "$2" != major ] ;;
    esac
}

echo "== checking $(wc -l <"$pairs_file") updates"
agree=0
agree_with_warnings=0
checked=0
usage_agree=0
usage_checked=0
# Per update, the truth is what happens to user code when there is a usage
# program (cargo-semver-checks cannot see type changes), else cargo-semver-checks.
truth_disagreements=0
printf '\n%-34s %-6s %-9s %-10s %-9s %-16s %s\n' "update" "diff" "required" "suggested" "verdict" "user code" "lints"
while read -r label old new <&3; do
    report="$("$codegen" diff "$old" "$new")"
    ours="$(sed -n 's/^semver: \([a-z]*\).*/\1/p' <<<"$report")"
    rust_breaking="$(sed -n 's/.*Rust API: \([0-9]*\) breaking.*/\1/p' <<<"$report")"
    before="$(rustdoc_of "$old")"
    after="$(rustdoc_of "$new")"
    if [ "$(cat "$before.package")" != "$(cat "$after.package")" ]; then
        printf '%-34s %-6s %-9s %-10s %-9s %-16s %s\n' "$label" "$ours" "-" "-" "skipped" "-" "the package name changes"
        continue
    fi
    out="$scratch/reports/$label.txt"
    cargo-semver-checks semver-checks --color never --release-type patch \
        --baseline-rustdoc "$before.json" --current-rustdoc "$after.json" >"$out" 2>&1 || true
    if ! grep -q "Summary" "$out"; then
        echo "error: cargo-semver-checks failed on $label:" >&2
        cat "$out" >&2
        exit 2
    fi
    checked=$((checked + 1))
    required="$(bump_in "semver requires" "$out")"
    suggested="$(bump_in "warnings suggest" "$out")"
    if [ "$(rank "$required")" -gt "$(rank "$suggested")" ]; then
        suggested="$required"
    fi
    lints="$(sed -n 's/^--- \(failure\|warning\) \([a-z_0-9]*\):.*/\2/p' "$out" | sort -u | paste -sd, -)"
    verdict="DISAGREE"
    if matches "$required" "$ours"; then
        agree=$((agree + 1))
        verdict="agree"
    fi
    if matches "$suggested" "$ours"; then
        agree_with_warnings=$((agree_with_warnings + 1))
    elif [ "$verdict" = agree ]; then
        verdict="agree*"
    fi
    # User code: the pair's own usage.rs, else the base usage for fixtures.
    usage="$(dirname "$old")/usage.rs"
    [ -f "$usage" ] || usage="$root/tests/fixtures/diff/usage.rs"
    user="-"
    if [ "${1:-}" = "--fixtures" ] && [ "$(compiles "$before" "$usage")" = yes ]; then
        usage_checked=$((usage_checked + 1))
        if [ "$(compiles "$after" "$usage")" = yes ]; then user="compiles"; else user="breaks"; fi
        if { [ "$user" = breaks ] && [ "$rust_breaking" != 0 ]; } || { [ "$user" = compiles ] && [ "$rust_breaking" = 0 ]; }; then
            usage_agree=$((usage_agree + 1))
            user="$user (agree)"
        else
            user="$user (DISAGREE)"
            truth_disagreements=$((truth_disagreements + 1))
        fi
    elif [ "$verdict" = DISAGREE ]; then
        truth_disagreements=$((truth_disagreements + 1))
    fi
    printf '%-34s %-6s %-9s %-10s %-9s %-16s %s\n' "$label" "$ours" "$required" "$suggested" "$verdict" "$user" "${lints:--}"
done 3<"$pairs_file"

echo
echo "agreement with cargo-semver-checks: $agree/$checked updates on failed checks;" \
    "$agree_with_warnings/$checked counting its warnings too (agree* = only a warning disagrees)"
if [ "$usage_checked" -gt 0 ]; then
    echo "user code: compiles or breaks as the diff's Rust-API verdict says for $usage_agree/$usage_checked updates"
fi
echo "cargo-semver-checks reports: $scratch/reports/"
echo "took $(($(date +%s) - start))s"
[ "$truth_disagreements" -eq 0 ]
