#!/bin/sh
# Records the real captures the Investigation tests read, on this machine's own kernel, with
# the script `slabhound collector` prints, run by busybox sh.
#
#   record.sh SLABHOUND [OUTDIR]     (as root: /proc/slabinfo and drop_caches need it)
#
# grown.txt — while it records, a process of ours creates STEP empty files per second in a
#             private tmpfs: each file pins one shmem_inode_cache object (and a dentry), so
#             shmem_inode_cache grows on purpose. The tmpfs is removed at the end.
# idle.txt  — the same loop with nothing started.
# free-50.txt — 50 runs of procps `free`, 0.1 s apart, nothing else (for a capture in which
#             `free` carries many more samples than meminfo).
set -eu
BIN=${1:?usage: record.sh SLABHOUND [OUTDIR]}
OUT=${2:-$(dirname "$0")}
N=${N:-12}            # samples per capture (keeps each file well under 500 KB)
STEP=${STEP:-8000}    # files per second while growing
SH=${SH:-busybox sh}

script=$(mktemp)
"$BIN" collector --interval 1 --count "$N" > "$script"

# idle
$SH "$script" > "$OUT/idle.txt"

# grown
dir=$(mktemp -d)
mount -t tmpfs -o size=16m,nr_inodes=0 slabhound-record "$dir"
(
    i=0
    while [ -d "$dir" ] && mountpoint -q "$dir"; do
        i=$((i + 1))
        (cd "$dir" && seq -f "f${i}_%g" 1 "$STEP" | xargs touch) 2>/dev/null || exit 0
        sleep 1
    done
) &
grower=$!
$SH "$script" > "$OUT/grown.txt"
kill "$grower" 2>/dev/null || true
wait "$grower" 2>/dev/null || true
umount "$dir"
rmdir "$dir"
rm -f "$script"
for i in $(seq 50); do free; sleep 0.1; done > "$OUT/free-50.txt"
ls -l "$OUT/idle.txt" "$OUT/grown.txt" "$OUT/free-50.txt"
