#!/bin/sh
# Builds the libFuzzer targets (Swift on Linux: swiftc -sanitize=fuzzer,address).
#   Fuzz/build.sh            build every target into $FUZZ_OUT (default .build-fuzz)
#   Fuzz/build.sh run [SECS] also run each for SECS seconds (default $FUZZ_SECONDS or 60) from
#                            a corpus of the real fixtures; prints executions and crashes
# The parser modules are compiled as static libraries with coverage instrumentation and
# -enable-testing; each target is one small file (Fuzz/*Fuzz.swift) linked against them.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${FUZZ_OUT:-$ROOT/.build-fuzz}
SWIFTC=${SWIFTC:-swiftc}
FLAGS="-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -enable-testing"
mkdir -p "$OUT/modules"
cd "$ROOT"
# LineEditing imports GNU readline through the CReadline module map.
FLAGS="$FLAGS -I $OUT/src/CReadline"
# Build from a copy of the committed sources (HEAD): the working tree may change under a long
# build, or hold someone's half-done edit. FUZZ_WORKTREE=1 takes the working tree instead.
rm -rf "$OUT/src" && mkdir -p "$OUT/src"
if [ -n "${FUZZ_WORKTREE:-}" ] || ! git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    cp -R Sources/. "$OUT/src"
else
    git -C "$ROOT" archive HEAD Sources | tar -x -C "$OUT/src" --strip-components=1
fi

REBUILT=""
module() { # NAME SOURCES-DIR DEPENDENCIES...: rebuilt when its sources or a dependency changed
    name=$1; dir=$2; shift 2
    sum=$(find "$dir" -name '*.swift' | sort | xargs cat | cksum)
    stale=""; for dep in "$@"; do case " $REBUILT " in *" $dep "*) stale=1;; esac; done
    if [ -z "$stale" ] && [ -f "$OUT/lib$name.a" ] && [ "$(cat "$OUT/$name.sum" 2>/dev/null)" = "$sum" ]; then return 0; fi
    REBUILT="$REBUILT $name"
    rm -f "$OUT/lib$name.a"
    # shellcheck disable=SC2046
    $SWIFTC $FLAGS -module-name "$name" -I "$OUT/modules" -emit-module \
        -emit-module-path "$OUT/modules/$name.swiftmodule" -emit-library -static \
        -o "$OUT/lib$name.a" $(find "$dir" -name '*.swift' | sort) 2>&1 | grep -v 'warning: Cannot export local symbol' || true
    [ -f "$OUT/lib$name.a" ] || { echo "fuzz: building $name failed" >&2; exit 1; }
    echo "$sum" > "$OUT/$name.sum"
}

target() { # NAME FILE LIBS...
    name=$1; file=$2; shift 2
    libs=""; for l in "$@"; do libs="$libs -l$l"; done
    rm -f "$OUT/$name"
    # shellcheck disable=SC2086
    $SWIFTC $FLAGS -module-name "$(echo "$name" | tr -d -)" -I "$OUT/modules" -L "$OUT" $libs \
        Fuzz/FuzzInput.swift "$file" -o "$OUT/$name" 2>&1 \
        | grep -v 'warning: Cannot export local symbol' || true
    [ -x "$OUT/$name" ] || { echo "fuzz: linking $name failed" >&2; exit 1; }
}

TARGETS="captures-traces captures-snapshots investigation gdbmi-parser gdbmi-encoder elf-file location-cache shell"
if [ "${1:-}" != run-only ]; then
    module GdbMI "$OUT/src/GdbMI"
    module Captures "$OUT/src/Captures"
    module GdbSession "$OUT/src/GdbSession" GdbMI
    module Symbolication "$OUT/src/Symbolication" GdbMI Captures GdbSession
    module Investigation "$OUT/src/Investigation" Captures
    module LineEditing "$OUT/src/LineEditing"
    module Shell "$OUT/src/Shell" LineEditing Captures
    target captures-traces Fuzz/CapturesTracesFuzz.swift Captures
    target captures-snapshots Fuzz/CapturesSnapshotsFuzz.swift Captures
    target investigation Fuzz/InvestigationFuzz.swift Investigation Captures
    target gdbmi-parser Fuzz/GdbMIParserFuzz.swift GdbMI
    target gdbmi-encoder Fuzz/GdbMIEncoderFuzz.swift GdbMI
    target elf-file Fuzz/ELFFileFuzz.swift Symbolication GdbSession GdbMI Captures
    target location-cache Fuzz/LocationCacheFuzz.swift Symbolication GdbSession GdbMI Captures
    target shell Fuzz/ShellFuzz.swift Shell LineEditing Captures readline
fi
[ "${1:-}" = run ] || [ "${1:-}" = run-only ] || exit 0

SECS=${2:-${FUZZ_SECONDS:-60}}
FIX=${SLABHOUND_FIXTURES:-$ROOT/.fixtures}
TEXT_MAX=16384   # text targets: seeds cut into pieces of whole lines, so runs reach many inputs
ELF_MAX=131072   # ELF: whole files (section headers sit at the end)
seed_text() { # TARGET FILES...: each file cut into <= TEXT_MAX pieces at line ends
    dir="$OUT/corpus/$1"; shift
    mkdir -p "$dir"
    for f in "$@"; do
        [ -f "$f" ] || continue
        split -C "$TEXT_MAX" -d -a 4 "$f" "$dir/$(echo "$f" | tr / _)." 2>/dev/null || true
    done
}
seed_whole() { # TARGET MAX FILES...: files up to MAX bytes, as they are
    dir="$OUT/corpus/$1"; max=$2; shift 2
    mkdir -p "$dir"
    for f in "$@"; do [ -f "$f" ] && [ "$(wc -c < "$f")" -le "$max" ] && cp "$f" "$dir/$(echo "$f" | tr / _)"; done
    true
}
TEXT=$(ls "$FIX"/*.log /work/shared/seed/*.txt 2>/dev/null; find Tests/*/Fixtures -type f ! -name '*.sh' 2>/dev/null)
# shellcheck disable=SC2086
seed_text captures-traces $TEXT
# shellcheck disable=SC2086
seed_text captures-snapshots $TEXT
# shellcheck disable=SC2086
seed_text investigation $TEXT
seed_text gdbmi-parser Tests/GdbMITests/Fixtures/*.mi
# shellcheck disable=SC2046
seed_text shell $(find Tests/ShellTests/Fixtures -type f) "$FIX/print_trace.log" "$FIX/oom_arm.log"
# The encoder's input is a recipe (see GdbMIEncoderFuzz.swift): one MI command with a path and an
# address, and one add-symbol-file with a path holding a blank.
mkdir -p "$OUT/corpus/gdbmi-encoder"
printf '\000\000\000\000\000\000\060\071\000\002\000\014/lib/x.so\042$\004\000\000\000\000\020\000\000\000' > "$OUT/corpus/gdbmi-encoder/seed-mi"
printf '\000\000\000\000\000\000\000\007\001\016/tmp/x lib.so\001\000\000\000\000\020\000\000\000\000' > "$OUT/corpus/gdbmi-encoder/seed-console"
# shellcheck disable=SC2046
seed_whole elf-file "$ELF_MAX" $(find "$FIX/rootfs" "$FIX/kernel" -type f 2>/dev/null)
# Cache files as a run writes them (symbolize the fixtures with the cache in a scratch home).
mkdir -p "$OUT/corpus/location-cache"
BIN=${SLABHOUND_BIN:-$ROOT/.build/debug/slabhound}
if [ -x "$BIN" ] && [ -f "$FIX/print_trace.log" ] && [ -z "$(ls "$OUT/corpus/location-cache")" ]; then
    XDG_CACHE_HOME="$OUT/cache-home" "$BIN" symbolize --symbols "$FIX/rootfs" "$FIX/print_trace.log" >/dev/null 2>&1 || true
    XDG_CACHE_HOME="$OUT/cache-home" "$BIN" symbolize --symbols "$FIX/kernel" "$FIX/oom_arm.log" >/dev/null 2>&1 || true
    cp "$OUT"/cache-home/slabhound/locations/*.locations "$OUT/corpus/location-cache/" 2>/dev/null || true
fi
printf 'slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tm\n5ab\tL\t0\t/a\\tb.c\tf\tb.c\t28\tg\tc.c\t3\ns2+3b\tU\n' > "$OUT/corpus/location-cache/seed"

status=0
for t in $TARGETS; do
    mkdir -p "$OUT/crashes/$t"
    log="$OUT/$t.log"
    # -rss_limit_mb: a parser that holds the whole input is fine, one that explodes is not.
    # SWIFT_BACKTRACE: Swift's own crash handler fights ASan; libFuzzer prints the stack.
    case $t in elf-file|location-cache) max=$ELF_MAX;; gdbmi-encoder) max=4096;; *) max=$TEXT_MAX;; esac
    if SWIFT_BACKTRACE=enable=no "$OUT/$t" -max_total_time="$SECS" -max_len="$max" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
        -artifact_prefix="$OUT/crashes/$t/" "$OUT/corpus/$t" >"$log" 2>&1; then r=ok; else r=CRASH; status=1; fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    crashes=$(ls "$OUT/crashes/$t" | wc -l)
    echo "fuzz $t: $r, ${execs:-?} executions in ${SECS}s, $crashes crash inputs kept in $OUT/crashes/$t (log $log)"
done
exit $status
