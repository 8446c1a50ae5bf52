#!/usr/bin/env bash
# Speed of the caseworker's path and of the checker, from a fresh process and
# in-process:
#  1. `matchctl match` on the shipped rules and the example profile, whole
#     process (start, load, check, compile, decide, print): median wall time
#     and peak memory of RUNS runs, measured with /usr/bin/time -v;
#  2. `matchctl bench`: in-process medians of each step, in microseconds;
#  3. `matchctl check` on a generated rule set of OFFERS offers (default
#     10,000): median wall time;
#  4. scaling: `matchctl match` (text and JSON) and `check` on generated rule
#     sets of each of SCALE offers (default 5000 10000 20000): each doubling
#     should about double the time (issue 15, finding 12: it was 2.3 s,
#     9.5 s, 68 s), and `check` on a 100,000-value set and on one line of
#     50,000 errors (capped at 1,000 reported).
# Usage: RUNS=11 OFFERS=10000 SCALE="5000 10000 20000" Benchmarks/match.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-11}
offers=${OFFERS:-10000}
scale=${SCALE:-5000 10000 20000}
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
echo
echo "scaling in the number of offers, median of $runs runs:"
for n in $scale; do
    if [ ! -d "Benchmarks/data/rules-$n" ]; then
        python3 Benchmarks/gen_rules.py --offers "$n" --out "Benchmarks/data/rules-$n"
    fi
    measure "matchctl match ($n offers)" "$bin" match --rules "Benchmarks/data/rules-$n" --profile Examples/profile-amira.json --date 2021-06-01
    measure "matchctl match --format json ($n offers)" "$bin" match --rules "Benchmarks/data/rules-$n" --profile Examples/profile-amira.json --date 2021-06-01 --format json
    measure "matchctl check ($n offers)" "$bin" check "Benchmarks/data/rules-$n" --date 2021-06-01
done
mkdir -p Benchmarks/data/set-100000 Benchmarks/data/errors-50000
python3 -c 'print("set big = [" + ", ".join("\"v%d\"" % i for i in range(100000)) + "] { label da \"Stor\" }")' > Benchmarks/data/set-100000/set.rules
python3 -c 'print("set bad = [" + ", ".join("x%d" % i for i in range(50000)) + "] { label da \"Fejl\" }")' > Benchmarks/data/errors-50000/errors.rules
measure "matchctl check (one set of 100,000 values)" "$bin" check Benchmarks/data/set-100000 --date 2021-06-01
# (exit status 1 is the expected answer here: errors found)
measure "matchctl check (50,000 errors on one line)" sh -c '"$0" check Benchmarks/data/errors-50000 --date 2021-06-01; [ $? -eq 1 ]' "$bin"
