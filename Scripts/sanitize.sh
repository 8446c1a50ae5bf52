#!/usr/bin/env bash
# Runs the test suite under the address sanitizer and the thread sanitizer,
# each in a scratch path of its own (.build-asan, .build-tsan), so neither
# disturbs the normal build. Extra arguments go to `swift test` (for example
# `--filter MatcherTests`).
#
#   Scripts/sanitize.sh [address|thread|all] [swift test arguments…]
#
# Exits non-zero if either run fails; each run's log is in .build-asan/test.log
# or .build-tsan/test.log.
set -uo pipefail
cd "$(dirname "$0")/.."

which=${1:-all}
[ $# -gt 0 ] && shift

run() {  # SANITIZER SCRATCH [args…]
    local sanitizer=$1 scratch=$2
    shift 2
    mkdir -p "$scratch"
    echo "== swift test --sanitize=$sanitizer --scratch-path $scratch $*" >&2
    local start=$SECONDS status=0
    # detect_leaks=0: the leak checker reports the runtime's and Foundation's
    # one-time allocations; halt_on_error: the first finding fails the run.
    # MATCHCTL_SANITIZER: tests that measure peak memory allow for the shadow memory.
    MATCHCTL_SANITIZER=$sanitizer \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1} \
    TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1} \
        swift test --sanitize="$sanitizer" --scratch-path "$scratch" "$@" 2>&1 \
        | { grep -v "Cannot export local symbol '__[at]san" || true; } | tee "$scratch/test.log" || status=$?
    echo "== $sanitizer: status $status after $((SECONDS - start)) s (log: $scratch/test.log)" >&2
    return "$status"
}

failed=0
case "$which" in
    address) run address .build-asan "$@" || failed=1 ;;
    thread) run thread .build-tsan "$@" || failed=1 ;;
    all)
        run address .build-asan "$@" || failed=1
        run thread .build-tsan "$@" || failed=1
        ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
esac
exit "$failed"
