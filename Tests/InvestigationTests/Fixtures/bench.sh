#!/bin/sh
# Ingest benchmark (not a test): builds a large capture from the recorded grown.txt, then times
# `slabhound trend` and `slabhound compare` against an awk script that pulls a few series out of
# the same file, and reports peak memory (GNU time). Memory should stay flat as the log grows.
#
#   bench.sh SLABHOUND [MB ...]      e.g. bench.sh .build/release/slabhound 100 400
set -eu
BIN=${1:?usage: bench.sh SLABHOUND [MB ...]}
shift
[ $# -gt 0 ] || set -- 100
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/series.awk" <<'AWK'
/^MemFree:/ { mf = $2 }
/^SUnreclaim:/ { su = $2 }
/^shmem_inode_cache / { sh = $15 * $6 * 4 }
/^Mem:/ { print mf, su, sh, $4 }
AWK
for mb in "$@"; do
    log="$work/capture-$mb.txt"
    : > "$log"
    while [ "$(wc -c < "$log")" -lt $((mb * 1048576)) ]; do cat "$here/grown.txt" >> "$log"; done
    size=$(wc -c < "$log")
    cat "$log" > /dev/null   # warm the page cache for every contender alike
    for what in "awk -f $work/series.awk" "$BIN trend --json" "$BIN compare --json"; do
        /usr/bin/time -f "%e %M" -o "$work/t" $what "$log" > /dev/null
        read -r secs kb < "$work/t"
        echo "$mb MB  $(echo "$what" | sed "s|$BIN|slabhound|; s|$work/||")  ${secs}s  $(awk -v s="$size" -v t="$secs" 'BEGIN { printf "%.0f MB/s", (t > 0 ? s / 1048576 / t : 0) }')  maxrss ${kb} KB"
    done
done
