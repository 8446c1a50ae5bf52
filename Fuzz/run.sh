#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (Fuzz/Targets), optimised (-c release,
# as fuzzing wants the most inputs a second) with the address sanitizer, in a
# scratch path of their own (.build-fuzz), so the normal build never gets
# fuzzer flags or fuzz targets.
#
#   Fuzz/run.sh TARGET [SECONDS]   fuzz one target (default 60 s)
#   Fuzz/run.sh all [SECONDS]      each target in turn, SECONDS each
#   Fuzz/run.sh ci                 each target ~12 s on its corpus (CI smoke run)
#   Fuzz/run.sh build              build only
#   Fuzz/run.sh repro TARGET FILE… run the target once on each file
#
# Targets: fuzz-rules, fuzz-profile-json, fuzz-csv, fuzz-screen-diff.
# New inputs go to .build-fuzz/corpus/TARGET (the seeds in Fuzz/Corpus/TARGET
# are only read); a crash is written to Fuzz/Crashes/TARGET/crash-… (commit it
# with a note) and the script exits non-zero. FUZZ_JOBS=N runs N workers.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(fuzz-rules fuzz-profile-json fuzz-csv fuzz-screen-diff)
scratch=.build-fuzz

build() {  # TARGET (gold's "Cannot export local symbol '__asan_…'" notes are noise)
    MATCHCTL_FUZZ=1 swift build --scratch-path "$scratch" -c release \
        -Xswiftc -sanitize=fuzzer,address --product "$1" 2>&1 \
        | { grep -v "Cannot export local symbol '__asan" || true; } >&2
}

binary() { echo "$scratch/release/$1"; }

run() {  # TARGET SECONDS
    local target=$1 seconds=$2
    local crashes=Fuzz/Crashes/$target work=$scratch/corpus/$target
    mkdir -p "$crashes" "$work"
    echo "== $target: ${seconds}s" >&2
    local status=0
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$(binary "$target")" \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" \
        ${FUZZ_JOBS:+-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS} \
        "$work" "Fuzz/Corpus/$target" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "== $target: FAILED (status $status); reproducer in $crashes/" >&2
    fi
    return "$status"
}

case "${1:-}" in
    all|ci)
        seconds=${2:-60}
        [ "$1" = ci ] && seconds=12
        for t in "${targets[@]}"; do build "$t"; done
        failed=0
        for t in "${targets[@]}"; do run "$t" "$seconds" || failed=1; done
        exit "$failed"
        ;;
    build)
        for t in "${targets[@]}"; do build "$t"; done
        ;;
    repro)
        target=${2:?usage: Fuzz/run.sh repro TARGET FILE…}
        shift 2
        build "$target"
        ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$(binary "$target")" -runs=1 "$@"
        ;;
    fuzz-*)
        target=$1
        [[ " ${targets[*]} " == *" $target "* ]] || { echo "unknown target $target (${targets[*]})" >&2; exit 64; }
        build "$target"
        run "$target" "${2:-60}"
        ;;
    *)
        sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 64
        ;;
esac
