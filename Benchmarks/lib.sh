# Shared by the benchmark scripts: the release binary, medians, and one
# timed run (wall from the clock in nanoseconds, peak memory from
# /usr/bin/time -v, which rounds wall time to 10 ms).
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
# The deployment build: one self-contained binary (no Swift runtime to install;
# it also starts in about half the time, as no libraries are linked at start).
# (The linker's note on `mktemp` in the toolchain's own static Foundation is
# not about this project, and is left out of the output.)
swift build -c release --static-swift-stdlib --product matchctl 2>&1 | { grep -v "the use of \`mktemp' is dangerous" || true; } >&2
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/matchctl
mkdir -p Benchmarks/data

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# runs a command; prints "wall_seconds max_rss_kib"
timed() {
    local log start end
    log=$(mktemp)
    start=$(date +%s%N)
    /usr/bin/time -v "$@" > /dev/null 2> "$log"
    end=$(date +%s%N)
    awk -v ns=$((end - start)) -F': ' '/Maximum resident set size/ { m = $2 } END { printf "%.4f %d\n", ns / 1e9, m }' "$log"
    rm -f "$log"
}
