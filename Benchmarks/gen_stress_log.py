#!/usr/bin/env python3
"""Benchmark 1 input: a print_trace stress log of N frames built from the REAL blocks of
OUT/print_trace.log (the qemu run of the example mixer), repeated as MD/OD toggling repeats
them, with the real /proc/PID/maps dump kept at the end.

Also writes the pre-extracted (file, lookup offset) list llvm-symbolizer is fed, one
`FILE 0xOFF` line per frame, so extraction is not part of the timed run. The lookup offset is
the module-relative address of the call: ((addr - load base) & ~1) - 1, with the load base
taken from the maps dump (a non-PIE executable: its link address, base 0). Every lookup is
cross-checked against OUT/expected.tsv (computed from source markers, not from gdb).

usage: gen_stress_log.py OUT FRAMES LOG PAIRS
"""
import re
import sys

FRAME = re.compile(r'^(?P<path>/\S+?)(?:\((?P<inner>[^)]*)\))? \[0x(?P<addr>[0-9a-f]+)\]$')
MAPS = re.compile(r'^(?P<start>[0-9a-f]+)-[0-9a-f]+ \S+ (?P<off>[0-9a-f]+) \S+ \S+\s+(?P<path>/\S+)$')


def main():
    out, frames_wanted, log_path, pairs_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    lines = open(f'{out}/print_trace.log', encoding='utf-8').read().splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith('/ # cat /proc/'))
    body, maps = lines[:cut], lines[cut:]

    bases = {}
    for line in maps:
        m = MAPS.match(line)
        if m and int(m['off'], 16) == 0 and m['path'] not in bases:
            bases[m['path']] = int(m['start'], 16)
    # ET_EXEC files are symbolized at their link address.
    for path in list(bases):
        with open(f'{out}/rootfs{path}', 'rb') as f:
            head = f.read(18)
        if int.from_bytes(head[16:18], 'little') == 2:
            bases[path] = 0

    expected = {}
    for row in open(f'{out}/expected.tsv', encoding='utf-8'):
        cols = row.rstrip('\n').split('\t')
        if cols[0] == 'print_trace.log':
            expected[int(cols[1])] = int(cols[11], 16)

    # One lookup per frame line of the real body (line number -> (file, lookup)).
    lookups = {}
    for number, line in enumerate(body, 1):
        m = FRAME.match(line)
        if not m:
            continue
        offset = int(m['addr'], 16) - bases[m['path']]
        lookup = (offset & ~1) - 1
        if number in expected and expected[number] != lookup:
            sys.exit(f'line {number}: lookup 0x{lookup:x} but expected.tsv says 0x{expected[number]:x}')
        lookups[number] = (f'{out}/rootfs{m["path"]}', lookup)
    if not lookups:
        sys.exit('no frames in print_trace.log')

    written = 0
    with open(log_path, 'w', encoding='utf-8') as log, open(pairs_path, 'w', encoding='utf-8') as pairs:
        while written < frames_wanted:
            for number, line in enumerate(body, 1):
                if number in lookups:
                    if written == frames_wanted:
                        continue  # finish the pass without frames: keeps the text shape
                    file, lookup = lookups[number]
                    pairs.write(f'{file} 0x{lookup:x}\n')
                    written += 1
                log.write(line + '\n')
        for line in maps:
            log.write(line + '\n')
    print(f'{log_path}: {written} frames ({len(lookups)} per pass of the real log), maps dump kept')


main()
