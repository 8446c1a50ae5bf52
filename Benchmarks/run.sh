#!/usr/bin/env bash
# The screening benchmark (../shared/bench): generate the caseloads, screen
# them with Benchmarks/rules at both dates, fail unless the eligible counts
# equal ../shared/bench/expected exactly, and print wall time, profiles per
# second and peak memory (median of RUNS runs, measured with /usr/bin/time -v),
# next to `wc -l` on the same file in the same run.
#
# Usage: Benchmarks/run.sh [SIZE ...]      (default: 100000 1000000)
#        RUNS=7 JOBS=2 Benchmarks/run.sh 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
bench=../shared/bench
data=Benchmarks/data
runs=${RUNS:-5}
jobs=${JOBS:-$(nproc)}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000)
. Benchmarks/lib.sh
[ -f "$bench/gen_caseload.py" ] || { echo "run.sh: $bench/gen_caseload.py not found" >&2; exit 2; }

status=0
printf '%-9s %-10s %9s %9s %12s %10s %9s %7s\n' profiles date "wall s" "wc -l s" "profiles/s" "× wc -l" "peak MiB" counts
for n in "${sizes[@]}"; do
    file="$data/caseload-$n.jsonl"
    if [ ! -s "$file" ]; then
        echo "generating $file …" >&2
        python3 "$bench/gen_caseload.py" --count "$n" --seed 42 > "$file.tmp" && mv "$file.tmp" "$file"
    fi
    for date in 2021-06-01 2016-01-01; do
        expected="$bench/expected/counts-$n-$date.json"
        verdict="-"
        if [ -f "$expected" ]; then
            "$bin" screen "$file" --rules Benchmarks/rules --date "$date" --format summary --jobs "$jobs" --quiet > "$data/summary.json"
            if python3 -c 'import json,sys; got=json.load(open(sys.argv[1]))["eligible"]; want=json.load(open(sys.argv[2])); sys.exit(0 if got==want else 1)' "$data/summary.json" "$expected"; then
                verdict="equal"
            else
                verdict="DIFFER"
                status=1
            fi
        fi
        walls=(); rss=(); wcs=()
        timed "$bin" screen "$file" --rules Benchmarks/rules --date "$date" --format summary --jobs "$jobs" --quiet > /dev/null  # warm-up
        for _ in $(seq "$runs"); do
            read -r w m < <(timed wc -l "$file"); wcs+=("$w")
            read -r w m < <(timed "$bin" screen "$file" --rules Benchmarks/rules --date "$date" --format summary --jobs "$jobs" --quiet)
            walls+=("$w"); rss+=("$m")
        done
        wall=$(printf '%s\n' "${walls[@]}" | median)
        wc=$(printf '%s\n' "${wcs[@]}" | median)
        peak=$(printf '%s\n' "${rss[@]}" | median)
        awk -v n="$n" -v d="$date" -v w="$wall" -v c="$wc" -v p="$peak" -v v="$verdict" 'BEGIN {
            printf "%-9d %-10s %9.3f %9.3f %12.0f %10.1f %9.1f %7s\n", n, d, w, c, (w > 0 ? n / w : 0), (c > 0 ? w / c : 0), p / 1024, v }'
    done
done
echo "(median of $runs runs, $jobs jobs; counts: eligible counts against $bench/expected)"
exit $status
