#!/usr/bin/env python3
"""Benchmark 4: the shell — time from pasting a 12-frame block to its annotated output, with the
symbols already loaded (gdb warm). The block is the first 12 frames of the real ARM OOM report
(OUT/bench/oom12.log; vmlinux + mi_sys.ko + mi_venc.ko).

The real shell is measured: `slabhound --symbols OUT/kernel` with the block written to its
stdin (non-terminal mode reads pasted lines as at the prompt); one untimed paste loads the
symbols, then every timed paste runs from the write to the 12th annotation line. A shell that
does not give 12 annotations fails the case (exit 1) with what it printed.

usage: shell_paste.py --out OUT --bin SLABHOUND [--runs N]
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time


def ms(values):
    return f'{statistics.median(values) * 1000:8.1f} ms (min {min(values) * 1000:.1f}, max {max(values) * 1000:.1f})'


class LineReader:
    """Collects a process's stdout lines with the time each arrived."""

    def __init__(self, stream):
        self.lines, self.lock, self.stream = [], threading.Lock(), stream
        threading.Thread(target=self.run, daemon=True).start()

    def run(self):
        for raw in iter(self.stream.readline, b''):
            with self.lock:
                self.lines.append((time.perf_counter(), raw.decode('utf-8', 'replace').rstrip('\n')))

    def wait_for(self, start_index, predicate, timeout):
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                seen = self.lines[start_index:]
            if predicate([text for _, text in seen]):
                return seen[-1][0], len(self.lines)
            time.sleep(0.0005)
        return None, len(self.lines)


def annotations(lines):
    return sum(1 for line in lines if re.match(r'^\s+-> ', line))


def shifted(block, run):
    """The block with every `+off/size` moved by 2*run bytes inside its function (down when up
    would leave it): the same frames at call sites neither the session nor the cache has seen,
    so every timed paste reaches gdb."""
    def move(m):
        off, size = int(m[1], 16), int(m[2], 16)
        new = off + 2 * run if off + 2 * run < size else max(0, off - 2 * run)
        return f'+0x{new:x}/0x{size:x}'
    return re.sub(r'\+0x([0-9a-f]+)/0x([0-9a-f]+)', move, block)


def real_shell(args, block, cold):
    """Pastes the block RUNS+1 times; with `cold` every paste is a trace never seen before
    (offsets moved, and the location cache emptied), else the same trace is pasted again."""
    cache = f'{args.out}/bench/cache-shell-{"cold" if cold else "warm"}'
    shutil.rmtree(cache, ignore_errors=True)
    os.makedirs(cache, exist_ok=True)
    shell = subprocess.Popen([args.bin, '--symbols', f'{args.out}/kernel'], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env={**os.environ, 'XDG_CACHE_HOME': cache})
    reader = LineReader(shell.stdout)
    samples, index = [], 0
    try:
        for run in range(args.runs + 1):
            if cold:
                # The shell writes the cache files of the previous paste after printing its
                # output (gdb's answers to a shifted trace are new either way): a file it writes
                # meanwhile may survive the removal.
                shutil.rmtree(cache, ignore_errors=True)
                os.makedirs(cache, exist_ok=True)
            text = shifted(block, run) if cold else block
            start = time.perf_counter()
            shell.stdin.write(text.encode() + b'\n')
            shell.stdin.flush()
            # A shell without a symbolizer says so at once: stop waiting then.
            done, count = reader.wait_for(index, lambda seen: annotations(seen) >= 12 or
                                          any('not symbolized' in line for line in seen), 60)
            with reader.lock:
                seen = [text for _, text in reader.lines[index:]]
            if done is None or annotations(seen) < 12:
                return None, seen
            index = count
            if run > 0:  # the first paste loads the symbols and starts gdb
                samples.append(done - start)
    finally:
        shell.stdin.close()
        shell.kill()
        shell.wait()
    return samples, None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--bin', required=True)
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    block_path = f'{args.out}/bench/oom12.log'
    block = open(block_path).read().rstrip('\n') + '\n'

    print('\n== 4. the shell: paste a 12-frame block (first 12 frames of the real ARM OOM report), symbols loaded')
    samples, seen = real_shell(args, block, cold=True)
    if samples:
        warm, _ = real_shell(args, block, cold=False)
        print('   real shell (`slabhound --symbols OUT/kernel`, block + empty line on stdin), paste -> 12th annotation line:')
        print(f'   new trace (offsets moved, cache emptied, each paste):  {ms(samples)} over {len(samples)} pastes')
        if warm:
            print(f'   same trace again (location cache warm):               {ms(warm)} over {len(warm)} pastes')
        print('   (a terminal without bracketed paste adds the shell\'s 0.3 s quiet time that ends a paste)')
        return
    sys.exit('   the shell gave no 12 annotations; it printed:\n' + '\n'.join(seen or [])[-2000:])

main()
