#!/usr/bin/env python3
"""Builds kernel-kmalloc-capture.txt: the kernel-only path of the method (slab -> kmalloc-* ->
alloc_calls -> kernel call site), in the format `slabhound collector --slab-calls kmalloc-128`
prints, from the seed's real first snapshot (SigmaStar 4.9.84 meminfo/slabinfo/free).

Synthetic on purpose: only kmalloc-128 grows over 12 samples (+120 slabs = +480 KiB per sample, 10 objects per
slab), Slab/SUnreclaim rise and MemFree/MemAvailable fall by the same amount, and the
alloc_calls site `_MI_VENC_ProcShowOutInfo+0x14/0x2a [mi_venc]` (a real call into
kmem_cache_alloc in .fixtures/kernel/mi_venc.ko, built from Examples/kernel) gains the objects.
A second site stays flat. Run: python3 make-kernel-path.py > kernel-kmalloc-capture.txt
"""
import os, re

here = os.path.dirname(os.path.abspath(__file__))
seed = os.path.join(here, "../../../CapturesTests/Fixtures/snapshots/seed-snapshot-start.txt")
lines = [l for l in open(seed, encoding="utf-8").read().splitlines() if l.strip()]
meminfo = [l for l in lines if re.match(r"^[A-Za-z_()]+[A-Za-z0-9_()]*:\s+\d+( kB)?$", l)]
start = next(i for i, l in enumerate(lines) if l.startswith("slabinfo - version"))
end = next(i for i, l in enumerate(lines) if i > start and l.startswith("Mem:")) - 1
while not re.match(r"^\S+ \d+ \d+ \d+ \d+ \d+ : tunables", lines[end]): end -= 1
slabinfo = lines[start:end + 1]
free = [l for l in lines[end + 1:] if l.split()[:1] in (["total"], ["Mem:"], ["-/+"], ["Swap:"])]

SAMPLES, SLABS_PER_SAMPLE, OBJS_PER_SLAB = 12, 120, 10
out = []
for i in range(SAMPLES):
    grow_kb = i * SLABS_PER_SAMPLE * 4
    out.append(f"### slabhound sample {i + 1} t={1700000000 + 60 * i} up={1000 + 60 * i}.00")
    out.append("### slabhound meminfo")
    for l in meminfo:
        name, value = l.split(":")[0], int(l.split()[1])
        if name in ("MemFree", "MemAvailable"): value -= grow_kb
        if name in ("Slab", "SUnreclaim"): value += grow_kb
        out.append(f"{name + ':':<16}{value:>8} kB")
    out.append("### slabhound slabinfo")
    for l in slabinfo:
        f = l.split()
        if f[0] == "kmalloc-128":
            slabs = int(f[-2]) + i * SLABS_PER_SAMPLE
            objs = slabs * OBJS_PER_SLAB
            l = f"kmalloc-128 {objs} {objs} {f[3]} {f[4]} {f[5]} : tunables 0 0 0 : slabdata {slabs} {slabs} 0"
        out.append(l)
    out.append("### slabhound free")
    for l in free:
        f = l.split()
        if f[0] == "Mem:":
            l = f"Mem: {f[1]} {int(f[2]) + grow_kb} {int(f[3]) - grow_kb} " + " ".join(f[4:])
        out.append(l)
    out.append("### slabhound alloc_calls kmalloc-128")
    out.append(f"    {40 + i * SLABS_PER_SAMPLE * OBJS_PER_SLAB} _MI_VENC_ProcShowOutInfo+0x14/0x2a [mi_venc] age=10/2000/9000 pid=648 cpus=0")
    out.append("    310 mi_venc_init+0x30/0x52 [mi_venc] age=90000 pid=702 cpus=0")
    out.append(f"### slabhound end {i + 1}")
print("\n".join(out))
