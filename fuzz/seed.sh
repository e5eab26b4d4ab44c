#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target into fuzz/corpus/<target>/:
# the hand-written seeds of fuzz/seeds/<target>/, plus seeds taken at run time
# from the shared reference data (../shared next to the workspace), which is
# never copied into the repository:
#   model_loader     the smallest AWS models and protocol test model,
#                    model/partnercentral-selling.json, and each of its shapes
#                    as a model of its own
#   pcs_responses    the awsJson1_0 protocol tests' responses
#   profile_parser   the cross-SDK profile parser tests' files
#   endpoint_url     the endpoint test cases' Endpoint/Region parameters and URLs
#   sigv4_canonical  the SigV4 test suite's requests, in both signing forms
#   xml_reader       the awsQuery, ec2Query and restXml protocol tests' responses
#
# usage: fuzz/seed.sh [--clean] [--models N]
#   --clean     empty the corpus folders first (by default the inputs libFuzzer
#               found in earlier runs are kept)
#   --models N  how many of the smallest shared models to take (default 4)
# Needs jq. Files are named by content hash, so running it again adds nothing twice.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"
shared="$root/../shared"
clean=0
models=4
while [ $# -gt 0 ]; do
    case "$1" in
        --clean) clean=1 ;;
        --models) shift; models="$1" ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "error: unknown argument $1" >&2; exit 2 ;;
    esac
    shift
done
command -v jq >/dev/null || { echo "error: seed.sh needs jq" >&2; exit 2; }
targets=(model_loader pcs_responses profile_parser endpoint_url sigv4_canonical xml_reader)
for target in "${targets[@]}"; do
    [ "$clean" = 1 ] && rm -rf "${fuzz:?}/corpus/$target"
    mkdir -p "$fuzz/corpus/$target"
done

# put TARGET: stores stdin as one seed, named by its hash.
put() {
    local tmp
    tmp="$(mktemp)"
    cat >"$tmp"
    mv "$tmp" "$fuzz/corpus/$1/$(sha1sum "$tmp" | cut -c1-40)"
}

for target in "${targets[@]}"; do
    for seed in "$fuzz/seeds/$target"/*; do
        [ -f "$seed" ] && put "$target" <"$seed"
    done
done

# The service models the endpoint seeds also come from.
model_files=("$root/model/partnercentral-selling.json")
jq -c '.shapes | to_entries[] | {smithy: "2.0", shapes: {(.key): .value}}' "${model_files[0]}" |
    while IFS= read -r shape; do printf '%s' "$shape" | put model_loader; done

if [ -d "$shared" ]; then
    # The N smallest AWS models, whole.
    while IFS= read -r model; do
        model_files+=("$model")
    done < <(ls -S "$shared/models/aws"/*.json | tail -n "$models")
    for model in "${model_files[@]}"; do put model_loader <"$model"; done
    # The smallest protocol test model, for the smithy.test traits.
    put model_loader <"$(ls -S "$shared/protocol-tests"/*.json | tail -n 1)"

    # "<status>\n<name>: <value>\n...\n\n<body>", as pcs_responses reads it.
    jq -c '.shapes[] | .traits["smithy.test#httpResponseTests"]? // empty | .[]' \
        "$shared/protocol-tests/awsJson1_0.json" |
        while IFS= read -r case; do
            jq -j '"\(.code)\n" + ((.headers // {}) | to_entries | map("\(.key): \(.value)\n") | join(""))
                   + "\n" + (.body // "")' <<<"$case" | put pcs_responses
        done

    # "<profile>\n<config>[\0<credentials>]", as profile_parser reads it.
    jq -c '.tests[].input' "$shared/aws-config-tests/profile-parser-tests.json" |
        while IFS= read -r input; do
            jq -j '"\n" + (.configFile // "") + (if .credentialsFile then "\u0000" + .credentialsFile else "" end)' \
                <<<"$input" | put profile_parser
        done

    # "<url>\n<region>\n<options>", as endpoint_url reads it.
    for model in "${model_files[@]}"; do
        jq -c '.shapes[] | .traits["smithy.rules#endpointTests"]? // empty | .testCases[]' "$model"
    done | while IFS= read -r case; do
        jq -j '.params as $p | ($p.Region // "us-east-1") as $region
               | ((if $p.UseFIPS then "fips " else "" end) + (if $p.UseDualStack then "dualstack" else "" end)) as $opts
               | (if $p.Endpoint then [$p.Endpoint] else [] end) + [.expect.endpoint.url // empty]
               | .[] | "\(.)\n\($region)\n\($opts)\u0000"' <<<"$case"
    done | while IFS= read -r -d '' seed; do printf '%s' "$seed" | put endpoint_url; done

    # A flags byte (see sigv4_canonical), then the suite's request.txt.
    for request in "$shared/sigv4-test-suite/v4"/*/request.txt; do
        { printf '\x03'; cat "$request"; } | put sigv4_canonical
        { printf '\x13'; cat "$request"; } | put sigv4_canonical
    done
    # The XML protocols' test responses and errors.
    for suite in awsQuery ec2Query restXml; do
        jq -j '.shapes[] | .traits["smithy.test#httpResponseTests"][]? | (.body // empty) + "\u0000"' \
            "$shared/protocol-tests/$suite.json" | while IFS= read -r -d '' body; do
            [ -n "$body" ] && printf '%s' "$body" | put xml_reader
        done
    done
else
    echo "note: $shared is absent; only the hand-written seeds were added" >&2
fi

for target in "${targets[@]}"; do
    printf '%-16s %5d seeds in fuzz/corpus/%s\n' "$target" "$(find "$fuzz/corpus/$target" -type f | wc -l)" "$target"
done
