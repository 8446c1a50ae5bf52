#!/usr/bin/env bash
# Instructions per screened line, counted by valgrind's callgrind instead of a
# clock: the same count on every run, so a change of a few instructions per
# line shows up, where wall time (run.sh) moves by a few percent run to run.
# Screens the first LINES lines (default 20,000) of the 1,000,000-profile
# caseload (../shared/bench, seed 42) with Benchmarks/rules at 2021-06-01 on
# one job, then an empty file to count start-up (load and compile the rules,
# start the process), and prints
#   total     instructions for the LINES-line file,
#   startup   instructions for the empty file,
#   per line  (total - startup) / LINES.
# Callgrind runs the program many times slower and serializes its threads,
# hence the sample and --jobs 1. The count is the "Collected" total (Ir) that
# callgrind prints on stderr; its profile itself is not kept (/dev/null).
# For the same count on every run, Swift's hash seed is fixed
# (SWIFT_DETERMINISTIC_HASHING=1; otherwise each process seeds its hashing at
# random and the count moves by some 10,000 instructions) and address space
# randomization is turned off for the run (setarch -R, util-linux; otherwise
# it still moves by some 30).
#
# Usage: Benchmarks/callgrind.sh
#        LINES=50000 Benchmarks/callgrind.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bench=../shared/bench
data=Benchmarks/data
lines=${LINES:-20000}
source_n=1000000
command -v valgrind > /dev/null || { echo "callgrind.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
command -v setarch > /dev/null || { echo "callgrind.sh: needs setarch (apt-get install util-linux)" >&2; exit 2; }
. Benchmarks/lib.sh
[ -f "$bench/gen_caseload.py" ] || { echo "callgrind.sh: $bench/gen_caseload.py not found" >&2; exit 2; }

file="$data/caseload-$source_n.jsonl"
if [ ! -s "$file" ]; then
    echo "generating $file …" >&2
    python3 "$bench/gen_caseload.py" --count "$source_n" --seed 42 > "$file.tmp" && mv "$file.tmp" "$file"
fi
sample="$data/sample-$lines.jsonl"
empty="$data/sample-0.jsonl"
head -n "$lines" "$file" > "$sample"
: > "$empty"
[ "$(wc -l < "$sample")" -eq "$lines" ] || { echo "callgrind.sh: $file has fewer than $lines lines" >&2; exit 2; }

# instructions callgrind counts for screening one file
instructions() {
    local log n
    log=$(mktemp)
    if ! SWIFT_DETERMINISTIC_HASHING=1 setarch "$(uname -m)" -R valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$bin" screen "$1" --rules Benchmarks/rules --date 2021-06-01 --format summary --jobs 1 --quiet > /dev/null 2> "$log"; then
        cat "$log" >&2; rm -f "$log"
        echo "callgrind.sh: screening $1 under callgrind failed" >&2; exit 1
    fi
    n=$(awk '/== Collected : / { n = $NF } END { print n }' "$log")
    rm -f "$log"
    [ -n "$n" ] || { echo "callgrind.sh: no 'Collected' line from callgrind" >&2; exit 1; }
    echo "$n"
}

total=$(instructions "$sample")
startup=$(instructions "$empty")
awk -v t="$total" -v s="$startup" -v n="$lines" 'BEGIN {
    printf "%-10s %15d  (%s lines)\n", "total", t, n
    printf "%-10s %15d  (empty file)\n", "startup", s
    printf "%-10s %15.1f  instructions per screened line\n", "per line", (t - s) / n }'
