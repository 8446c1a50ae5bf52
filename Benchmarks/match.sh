#!/usr/bin/env bash
# Speed of the caseworker's path and of the checker, from a fresh process and
# in-process:
#  1. `matchctl match` on the shipped rules and the example profile, whole
#     process (start, load, check, compile, decide, print): median wall time
#     and peak memory of RUNS runs, measured with /usr/bin/time -v;
#  2. `matchctl bench`: in-process medians of each step, in microseconds;
#  3. `matchctl check` on a generated rule set of OFFERS offers (default
#     10,000): median wall time.
# Usage: RUNS=11 OFFERS=10000 Benchmarks/match.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
offers=${OFFERS:-10000}
. Benchmarks/lib.sh

measure() {  # label, command...
    local label=$1; shift
    local walls=() rss=() w m
    timed "$@" > /dev/null
    for _ in $(seq "$runs"); do read -r w m < <(timed "$@"); walls+=("$w"); rss+=("$m"); done
    printf '%-52s %8.1f ms %8.1f MiB\n' "$label" "$(printf '%s\n' "${walls[@]}" | median | awk '{print $1 * 1000}')" \
        "$(printf '%s\n' "${rss[@]}" | median | awk '{print $1 / 1024}')"
}

echo "whole process, median of $runs runs:"
measure "matchctl match (shipped rules, example profile)" "$bin" match --profile Examples/profile-amira.json --date 2021-06-01
measure "matchctl match --format json" "$bin" match --profile Examples/profile-amira.json --date 2021-06-01 --format json
measure "matchctl check Rules" "$bin" check Rules --date 2021-06-01
if [ ! -d "Benchmarks/data/rules-$offers" ]; then
    python3 Benchmarks/gen_rules.py --offers "$offers" --out "Benchmarks/data/rules-$offers"
fi
measure "matchctl check (generated, $offers offers)" "$bin" check "Benchmarks/data/rules-$offers" --date 2021-06-01
echo
echo "in-process (matchctl bench):"
"$bin" bench --profile Examples/profile-amira.json --date 2021-06-01
