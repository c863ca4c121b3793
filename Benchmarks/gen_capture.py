#!/usr/bin/env python3
"""Benchmark 3 input: a capture of SIZE megabytes made by repeating the samples of a REAL
capture (recorded on a real kernel with the `slabhound collector` script:
Tests/InvestigationTests/Fixtures/grown.txt), renumbered so sample numbers, `t=` and `up=`
keep increasing as a long capture's would. The text of every sample is otherwise unchanged.

usage: gen_capture.py SOURCE SIZE_MB OUT
"""
import re
import sys

HEADER = re.compile(r'^### slabhound sample (\d+) t=(\d+) up=([0-9.]+)$')
END = re.compile(r'^### slabhound end (\d+)$')


def main():
    source, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    samples, current = [], None
    for line in open(source, encoding='utf-8', errors='surrogateescape'):
        m = HEADER.match(line)
        if m:
            current = {'t': int(m[2]), 'up': float(m[3]), 'lines': []}
            samples.append(current)
        elif current is not None and not END.match(line):
            current['lines'].append(line)
    if not samples:
        sys.exit(f'{source}: no `### slabhound sample` blocks')
    span_t = samples[-1]['t'] - samples[0]['t'] + 1
    span_up = samples[-1]['up'] - samples[0]['up'] + 1.0
    limit = int(size_mb * 1024 * 1024)
    written, number, lap = 0, 0, 0
    with open(out, 'w', encoding='utf-8', errors='surrogateescape') as f:
        while written < limit:
            for sample in samples:
                number += 1
                block = (f'### slabhound sample {number} t={sample["t"] + lap * span_t} '
                         f'up={sample["up"] + lap * span_up:.2f}\n'
                         + ''.join(sample['lines']) + f'### slabhound end {number}\n')
                f.write(block)
                written += len(block.encode('utf-8', 'surrogateescape'))
                if written >= limit:
                    break
            lap += 1
    print(f'{out}: {written / 1048576:.1f} MiB, {number} samples from {len(samples)} real ones')


main()
