#!/usr/bin/env python3
"""Benchmark 4: the shell — time from pasting a 12-frame block to its annotated output, with the
symbols already loaded (gdb warm). The block is the first 12 frames of the real ARM OOM report
(OUT/bench/oom12.log; vmlinux + mi_sys.ko + mi_venc.ko).

If the shell symbolizes pastes, the real shell is measured: `slabhound --symbols OUT/kernel`
with the block written to its stdin (non-terminal mode reads pasted lines as at the prompt);
one untimed paste loads the symbols, then every timed paste runs from the write to the 12th
annotation line. If it does not yet, a PROXY is measured and labelled so:
  (a) the round trip a warm shell makes per paste: one `-slabhound-resolve` of the 12 lookup
      addresses through GDB/MI to a gdb-multiarch started as slabhound starts it (locked down,
      GdbScripts/slabhound.py sourced) with vmlinux and both .ko files loaded once;
  (b) `slabhound symbolize` of the 12-frame file as a whole process (cold gdb), for scale.

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

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


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


def mi_proxy(args):
    """Drives gdb as slabhound does; returns per-paste round-trip times."""
    lookups = []
    for row in open(f'{args.out}/expected.tsv'):
        cols = row.rstrip('\n').split('\t')
        if cols[0] == 'oom_arm.log' and 4 <= int(cols[1]) <= 15:
            lookups.append((cols[7], cols[11]))
    bases = {'mi_sys.ko': 0xbf000000, 'mi_venc.ko': 0xbf100000}
    section_offsets = {}
    for module, base in bases.items():
        out = subprocess.run(['arm-linux-gnueabihf-readelf', '-SW', f'{args.out}/kernel/{module}'],
                             capture_output=True, text=True, check=True).stdout
        placed, cursor = {}, base
        for m in re.finditer(r'\]\s+(\.\S+)\s+PROGBITS\s+\S+\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S+)', out):
            name, size, flags = m[1], int(m[2], 16), m[3]
            if 'A' in flags and size:
                placed[name] = cursor
                cursor += (size + 15) & ~15
        section_offsets[module] = placed
    addresses = []
    for module, lookup in lookups:
        if module == 'vmlinux':
            addresses.append(int(lookup, 16))
        else:
            section, offset = lookup.split('+')
            addresses.append(section_offsets[module][section] + int(offset, 16))

    gdb = subprocess.Popen(['gdb-multiarch', '-nx', '-nh', '-q', '-i=mi3',
                            '-iex', 'set auto-load off', '-iex', 'set debuginfod enabled off',
                            '-iex', 'set pagination off', '-iex', 'set confirm off', '-iex', 'set width 0'],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    reader = LineReader(gdb.stdout)
    token = [0]
    index = [0]

    def command(text):
        token[0] += 1
        start = time.perf_counter()
        gdb.stdin.write(f'{token[0]}{text}\n'.encode())
        gdb.stdin.flush()
        prefix = str(token[0])
        done, count = reader.wait_for(index[0], lambda seen: any(
            line.startswith(prefix + '^') for line in seen), 60)
        with reader.lock:
            seen = [t for _, t in reader.lines[index[0]:]]
        index[0] = count
        if done is None:
            sys.exit(f'gdb did not answer {text!r}')
        result = next(line for line in seen if line.startswith(prefix + '^'))
        return done - start, result, seen

    try:
        command('-gdb-set print asm-demangle on')
        command(f'-interpreter-exec console "add-symbol-file {args.out}/kernel/vmlinux"')
        for module, placed in section_offsets.items():
            sections = ' '.join(f'-s {name} 0x{addr:x}' for name, addr in placed.items())
            command(f'-interpreter-exec console "add-symbol-file {args.out}/kernel/{module} {sections}"')
        command(f'-interpreter-exec console "source {ROOT}/GdbScripts/slabhound.py"')
        request = '-slabhound-resolve ' + ' '.join(f'0x{a:x}' for a in addresses)
        _, result, _ = command(request)  # warm-up (first lookups read the DWARF)
        if not result.startswith(f'{token[0]}^done'):
            sys.exit(f'gdb: {result[:300]}')
        resolved = result.count('{address=')
        samples = [command(request)[0] for _ in range(max(args.runs, 5) * 4)]
    finally:
        gdb.stdin.close()
        gdb.kill()
        gdb.wait()
    return samples, resolved


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
    reason = 'the shell echoes pastes unresolved (no symbolizer connected yet)' if seen and any(
        'not symbolized' in line for line in seen) else 'the shell gave no 12 annotations'
    print(f'   PROXY — {reason}; measured instead:')
    mi, resolved = mi_proxy(args)
    print(f'   (a) warm gdb, one -slabhound-resolve of the 12 addresses over MI ({resolved} resolved): {ms(mi)}'
          f' over {len(mi)} round trips')
    cold, warm = [], []
    env_cold = {**os.environ, 'XDG_CACHE_HOME': f'{args.out}/bench/cache-shell-none'}
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run([args.bin, 'symbolize', '--no-cache', '--symbols', f'{args.out}/kernel', block_path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env_cold)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([args.bin, 'symbolize', '--symbols', f'{args.out}/kernel', block_path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        warm.append(time.perf_counter() - start)
    print(f'   (b) slabhound symbolize of the 12-frame file, whole process, cold gdb (--no-cache): {ms(cold)}')
    print(f'   (c) the same with the location cache warm (no gdb started): {ms(warm)}')


main()
