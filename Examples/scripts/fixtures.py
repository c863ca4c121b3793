#!/usr/bin/env python3
"""Turn the freshly built example binaries into slabhound's test fixtures.

  fixtures.py user-logs   --raw RAW --rootfs DIR --out DIR
      board-path the real qemu run of /customer/mixer and write its variants
  fixtures.py kernel-logs --vmlinux F --module F... --src DIR --out DIR
      write ARM OOM reports whose frames come from the objects' real call
      instructions (objdump), plus their expected locations
  fixtures.py kernel64-logs --arch x86_64|arm64 --vmlinux F --module F...
                            --src DIR... --out DIR
      the same for 64-bit kernels: oom_ARCH.log (an OOM report and a WARNING
      with registers, in Linux 6.1's x86-64 or arm64 format)
  fixtures.py expected    --src DIR --rootfs DIR --out DIR
      expected locations of every user frame, from the @site markers in the
      sources, then the same frames through binutils addr2line, and a diff

Expected locations never come from gdb: a frame's physical function comes
from the ELF symbol table, its callee from the next-inner frame, and the line
and inline chain from the `@site:CALLER>CALLEE` markers written next to the
calls in the sources. addr2line is the second, independent opinion.

Only the Python standard library and binutils are used: CROSS prefix for
ARM, the host's for x86-64, aarch64-linux-gnu- for arm64.
"""
import argparse
import os
import re
import subprocess
import sys

CROSS = os.environ.get("CROSS", "arm-linux-gnueabihf-")

TSV_HEADER = ("#log\tline\tfunction\tfile\tsrcline\tinline\tkind\tmodule"
              "\taddress\toffset\tsymbol\tlookup\tnote")


def tool(name, *args, stdin=None, cross=None):
    return subprocess.run([(CROSS if cross is None else cross) + name, *args], input=stdin,
                          check=True, capture_output=True, text=True).stdout


def die(msg):
    sys.stderr.write("fixtures.py: %s\n" % msg)
    sys.exit(1)


# --------------------------------------------------------------------------
# ELF facts, read with binutils

class Elf:
    def __init__(self, path, cross=None):
        self.path = path
        self.cross = cross
        self.sections = {}   # index -> name
        self.secinfo = {}    # name -> dict(addr, size, align, flags)
        for line in tool("readelf", "-SW", path, cross=cross).splitlines():
            m = re.match(r"\s*\[\s*(\d+)\]\s+(.*)$", line)
            if not m or m.group(1) == "0":
                continue
            tok = m.group(2).split()
            if len(tok) < 9:
                continue
            flags = tok[6] if len(tok) == 10 else ""
            idx = int(m.group(1))
            self.sections[idx] = tok[0]
            self.secinfo[tok[0]] = dict(index=idx, type=tok[1], addr=int(tok[2], 16),
                                        offset=int(tok[3], 16), size=int(tok[4], 16), flags=flags,
                                        align=int(tok[-1]))
        self.funcs = []      # dicts: value, size, section, name
        seen = set()
        symtab = False
        for line in tool("readelf", "-sW", path, cross=cross).splitlines():
            if line.startswith("Symbol table"):
                symtab = "'.symtab'" in line
                continue
            tok = line.split()
            if len(tok) < 8 or not tok[0].endswith(":") or tok[3] != "FUNC":
                continue
            if tok[6] in ("UND", "ABS"):
                continue
            name = tok[7].split("@")[0]
            key = (tok[1], name, symtab)
            if key in seen:
                continue
            seen.add(key)
            self.funcs.append(dict(value=int(tok[1], 16), size=int(tok[2], 0),
                                   section=self.sections.get(int(tok[6])),
                                   name=name, symtab=symtab))
        # .symtab (static functions included) wins over .dynsym when present.
        if any(f["symtab"] for f in self.funcs):
            self.funcs = [f for f in self.funcs if f["symtab"]]
        self.etype = "REL" if "REL" in tool("readelf", "-hW", path, cross=cross).split("Type:")[1].split("\n")[0] else "other"
        self.min_vaddr = 0
        loads = [int(l.split()[2], 16) for l in tool("readelf", "-lW", path, cross=cross).splitlines()
                 if l.strip().startswith("LOAD")] if self.etype != "REL" else []
        if loads:
            self.min_vaddr = min(loads) & ~0xfff

    def func_at(self, addr, section=None):
        """The function whose range holds addr (addr is section-relative for
        relocatable objects). Thumb symbols are odd: compare on even values."""
        best = None
        for f in self.funcs:
            if section is not None and f["section"] != section:
                continue
            start = f["value"] & ~1
            if start <= addr < start + max(f["size"], 1):
                if best is None or f["name"] < best["name"]:
                    best = f
        return best

    def func_named(self, base):
        found = [f for f in self.funcs if source_name(f["name"]) == base]
        if len(found) != 1:
            die("%s: %d functions named %s" % (self.path, len(found), base))
        return found[0]

    def calls(self):
        """Every bl/blx: dicts section, addr, size, func, target (None = register)."""
        out = []
        section = func = None
        for line in tool("objdump", "-dr", "-w", self.path).splitlines():
            m = re.match(r"Disassembly of section (\S+):", line)
            if m:
                section = m.group(1)
                continue
            m = re.match(r"[0-9a-f]+ <(.+)>:$", line)
            if m:
                func = m.group(1)
                continue
            m = re.match(r"\s*([0-9a-f]+):\s+(R_ARM_\S+)\s+(\S+)", line)
            if m and out and out[-1]["addr"] == int(m.group(1), 16) and "CALL" in m.group(2):
                out[-1]["target"] = m.group(3)
                continue
            m = re.match(r"\s*([0-9a-f]+):\t([0-9a-f ]+)\t(\S+)\s*(.*)$", line)
            if not m:
                continue
            mnem = m.group(3)
            if not re.match(r"blx?(eq|ne|cs|cc|hs|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?(\.w|\.n)?$", mnem):
                continue
            raw = m.group(2).replace(" ", "")
            ops = m.group(4)
            t = re.search(r"<([^>+]+)(\+0x[0-9a-f]+)?>", ops)
            target = None
            if t and not t.group(2):
                target = t.group(1).split("@")[0]
            elif not re.match(r"(r\d+|lr|ip|sb|sl|fp)\b", ops):
                target = "?" + ops
            out.append(dict(section=section, addr=int(m.group(1), 16), size=len(raw) // 2,
                            func=func, target=target))
        return out

    # 64-bit kernels (x86-64, arm64): objdump -drw puts a call's relocation on
    # the call's own line; its offset is inside the instruction (x86: addr+1).
    CALL64 = re.compile(r"(call|bl|blr)$")
    RELOC64 = re.compile(r"\t[0-9a-f]+: (R_X86_64_PLT32|R_X86_64_PC32|R_AARCH64_CALL26)\t([^\s+-]+)")

    def calls64(self):
        """Every call/bl/blr: dicts section, addr, size, func, target (None =
        through a register or memory: a function pointer)."""
        out = []
        section = func = None
        for line in tool("objdump", "-dr", "-w", self.path, cross=self.cross).splitlines():
            m = re.match(r"Disassembly of section (\S+):", line)
            if m:
                section = m.group(1)
                continue
            m = re.match(r"[0-9a-f]+ <(.+)>:$", line)
            if m:
                func = m.group(1)
                continue
            m = re.match(r"\s*([0-9a-f]+):\t([0-9a-f ]+)\t(\S+)\s*(.*)$", line)
            if not m:
                continue
            raw = m.group(2).replace(" ", "")
            ins = dict(section=section, addr=int(m.group(1), 16), size=len(raw) // 2,
                       func=func, mnem=m.group(3), raw=raw)
            if not self.CALL64.match(ins["mnem"]):
                if ins["mnem"] in ("ud2", "brk"):
                    ins["target"] = "WARN"
                    out.append(ins)
                continue
            ops = m.group(4)
            r = self.RELOC64.search(ops)
            t = re.search(r"<([^>+]+)(\+0x[0-9a-f]+)?>", ops)
            if r:
                target = r.group(2).split("@")[0]
            elif ops.startswith("*") or re.match(r"x\d+\b", ops):
                target = None
            elif t and not t.group(2):
                target = t.group(1).split("@")[0]
            else:
                target = "?" + ops
            ins["target"] = target
            out.append(ins)
        return out

    def bytes_at(self, addr, n):
        """n bytes of the loaded image from addr (ET_EXEC: section addresses)."""
        for info in self.secinfo.values():
            if info["type"] == "PROGBITS" and info["addr"] <= addr and addr + n <= info["addr"] + info["size"]:
                with open(self.path, "rb") as f:
                    f.seek(info["offset"] + addr - info["addr"])
                    return f.read(n)
        die("%s: no section holds 0x%x+%d" % (self.path, addr, n))


def source_name(sym):
    """Symbol name as the source spells it: drop gcc clone suffixes."""
    return re.sub(r"(\.(constprop|isra|part|cold|lto_priv)(\.\d+)?)+$", "", sym)


def demangle(names):
    names = list(names)
    if not names:
        return {}
    out = tool("c++filt", stdin="\n".join(names) + "\n").splitlines()
    return dict(zip(names, out))


# --------------------------------------------------------------------------
# @site markers

class Markers:
    SITE = re.compile(r"@site:(?P<caller>[^>]+?)>(?P<callee>.+?)(?:\s+tag=(?P<tag>\S+))?\s*\*/")
    INLINE = re.compile(r"@inline:(\S+?)\s*\*/")

    def __init__(self, roots):
        self.by_caller = {}
        self.inline = set()
        for dirpath, _, files in (w for root in ([roots] if isinstance(roots, str) else roots)
                                  for w in os.walk(root)):
            for fn in sorted(files):
                if not fn.endswith((".c", ".cpp", ".h")):
                    continue
                with open(os.path.join(dirpath, fn), encoding="utf-8") as f:
                    for no, text in enumerate(f, 1):
                        for m in self.SITE.finditer(text):
                            self.by_caller.setdefault(m.group("caller"), []).append(
                                dict(caller=m.group("caller"), callee=m.group("callee"),
                                     tag=m.group("tag"), file=fn, line=no))
                        for m in self.INLINE.finditer(text):
                            self.inline.add(m.group(1))

    def knows(self, func):
        return func in self.by_caller

    def resolve(self, g, f, tag=None):
        """The one marker path from physical function g down to the call of f
        (through always-inline functions only). Returns (function, file, line,
        [(inlined-into function, file, line), ...] innermost first) or a reason."""
        def walk(target):
            paths = []

            def rec(fn, acc):
                for m in self.by_caller.get(fn, []):
                    if m["callee"] == target and (tag is None or m["tag"] == tag):
                        paths.append(acc + [m])
                    elif m["callee"] in self.inline and all(x["caller"] != m["callee"] for x in acc):
                        rec(m["callee"], acc + [m])
            rec(g, [])
            return paths

        paths = walk(f) if f else []
        if not paths:
            paths = walk("*")
        if len(paths) != 1:
            return "%d marker paths from %s to %s%s" % (len(paths), g, f, " tag=" + tag if tag else "")
        p = paths[0]
        inner = p[-1]
        chain = [(m["caller"], m["file"], m["line"]) for m in reversed(p[:-1])]
        return (inner["caller"], inner["file"], inner["line"], chain)


def chain_text(chain):
    return ";".join("%s@%s:%d" % c for c in chain) if chain else "-"


def row(log, line, loc, kind, module, address, offset, symbol, lookup, note="ok"):
    if isinstance(loc, tuple):
        func, file, srcline, chain = loc
        cols = [func, file, str(srcline), chain_text(chain)]
    else:
        cols = ["-", "-", "0", "-"]
        note = loc if note == "ok" else note
    return [log, str(line)] + cols + [kind, module, address, offset, symbol, lookup, note]


# --------------------------------------------------------------------------
# user side: the qemu run of /customer/mixer

FRAME = re.compile(r"^(?P<path>/\S+?)(?:\((?P<sym>[^)]*)\))? \[(?P<addr>0x[0-9a-f]+)\]$")
MAPS = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S{4}) ([0-9a-f]+) \S+ \d+\s+(/\S+)$")
MAPS_CMD = re.compile(r"^/ # cat /proc/\d+/maps$")


def user_logs(args):
    root = os.path.abspath(args.rootfs)
    with open(args.raw, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    # qemu shows the host path of every mapping; a board shows its own paths.
    fixed = [l.replace(root + "/", "/") for l in lines]
    cut = next((i for i, l in enumerate(fixed) if MAPS_CMD.match(l)), None)
    if cut is None:
        die("%s: no maps dump" % args.raw)
    outputs = {args.name + ".log": fixed}
    if args.variants:
        # Old libc prints `lib [0xaddr]` where current glibc prints
        # `lib(+0xoff) [0xaddr]`: same frames, same lines, derived by rewrite.
        old = [re.sub(r"^(/\S+?)\(\+0x[0-9a-f]+\) (\[0x[0-9a-f]+\])$", r"\1 \2", l) for l in fixed]
        outputs[args.name + "_nomaps.log"] = fixed[:cut]
        outputs[args.name + "_oldlibc.log"] = old
        outputs[args.name + "_oldlibc_nomaps.log"] = old[:cut]
    for name, text in outputs.items():
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")


def user_frames(log_path, rootfs):
    """Frames of print_trace.log with their module, base and block context."""
    with open(log_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    bases = {}
    for l in lines:
        m = MAPS.match(l)
        if m and int(m.group(4), 16) == 0 and m.group(5) not in bases:
            bases[m.group(5)] = int(m.group(1), 16)
    blocks, cur = [], None
    for no, l in enumerate(lines, 1):
        if re.match(r"Obtained \d+ stack frames\.$", l):
            cur = dict(frames=[], tag=None)
            blocks.append(cur)
            continue
        m = FRAME.match(l)
        if m and cur is not None:
            cur["frames"].append(dict(line=no, path=m.group("path"), sym=m.group("sym"),
                                      addr=int(m.group("addr"), 16)))
            continue
        m = re.match(r"alloc 0x[0-9a-f]+ size \d+ site (\S+)$", l)
        if m and cur is not None:
            cur["tag"] = m.group(1)
            cur = None
    return blocks, bases


def expected_user(args, markers, log):
    rootfs = os.path.abspath(args.rootfs)
    blocks, bases = user_frames(os.path.join(args.out, log), rootfs)
    elves = {}
    rows = []
    symnames = set()
    for b in blocks:
        for fr in b["frames"]:
            host = rootfs + fr["path"]
            if fr["path"] not in bases:
                die("no maps line for %s" % fr["path"])
            if host not in elves:
                elves[host] = Elf(host) if os.path.isfile(host) else None
            elf = elves[host]
            load = bases[fr["path"]] - (elf.min_vaddr if elf else 0)
            fr["vaddr"] = fr["addr"] - load
            fr["lookup"] = (fr["vaddr"] & ~1) - 1
            fn = elf.func_at(fr["lookup"]) if elf else None
            fr["func"] = fn["name"] if fn and fn["symtab"] else None
            if fr["func"]:
                symnames.add(source_name(fr["func"]))
    names = demangle(sorted(symnames))
    for b in blocks:
        callee = "backtrace"
        for fr in b["frames"]:
            g = names.get(source_name(fr["func"])) if fr["func"] else None
            module = os.path.basename(fr["path"])
            tag = b["tag"] if callee == "MI_SYS_MMA_Alloc" else None
            if g is None or not markers.knows(g):
                loc = "no-markers"
            else:
                loc = markers.resolve(g, callee, tag)
            fr["row"] = row(log, fr["line"], loc, "user", module,
                            "0x%x" % fr["addr"], "0x%x" % fr["vaddr"], fr["sym"] or "-",
                            "0x%x" % fr["lookup"])
            fr["a2l"] = (rootfs + fr["path"], None, fr["lookup"]) if isinstance(loc, tuple) else None
            rows.append(fr)
            callee = g
    return rows


# --------------------------------------------------------------------------
# kernel side: OOM reports generated from the objects' real calls

SEED_CHAIN = [  # outermost first; (function as in the source, object)
    ("ret_from_fork", "vmlinux"), ("kthread", "vmlinux"),
    ("mi_sys_internal_main_worker_thread", "mi_sys"),
    ("MI_SYS_IMPL_DequeueInputOutputTasks", "mi_sys"),
    ("_MI_VENC_DequeueInputTask", "mi_venc"), ("_MI_VENC_ProcShowOutInfo", "mi_venc"),
    ("mi_sys_RingPool_AppendTailContentTailRecord", "mi_sys"),
    ("mi_sys_ringpool_AppendTailContentTailRecord", "mi_sys"),
]
INSMOD_CHAIN = [
    ("vector_swi", "vmlinux"), ("SyS_finit_module", "vmlinux"), ("load_module", "vmlinux"),
    ("do_init_module", "vmlinux"), ("do_one_initcall", "vmlinux"), ("mi_venc_init", "mi_venc"),
]
OOM_TAIL = [(n, "vmlinux") for n in (
    "kmem_cache_alloc", "___slab_alloc", "new_slab", "__alloc_pages_nodemask", "out_of_memory",
    "oom_kill_process", "dump_header", "show_stack", "unwind_backtrace")]

# Where the modules sit in kernel memory (the seed's mi_sys is at 0xbfb0xxxx,
# mi_venc at 0xbfc2xxxx); init sections get their own area like module_alloc.
MODULE_BASES = {"mi_sys": (0xbfb00000, 0xbf000000), "mi_venc": (0xbfc28000, 0xbf010000)}

REPORTS = [
    dict(chain=SEED_CHAIN + OOM_TAIL, comm="venc0_P0_MAIN", pid=648,
         gfp4="0x26040c0(GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK), nodemask=0, order=2",
         gfp6="0x40cc0(GFP_KERNEL|__GFP_COMP), order=2", victim=(580, "mixer")),
    dict(chain=INSMOD_CHAIN + OOM_TAIL, comm="insmod", pid=702,
         gfp4="0x24000c0(GFP_KERNEL), nodemask=0, order=0",
         gfp6="0xcc0(GFP_KERNEL), order=0", victim=(580, "mixer")),
]


class KernelObject:
    def __init__(self, name, path, bases=None, cross=None):
        self.name = name
        self.path = path
        self.elf = Elf(path, cross=cross)
        self.calls = self.elf.calls() if cross is None else self.elf.calls64()
        self.core = name == "vmlinux"
        self.secbase = {}
        if not self.core:
            core, init = (bases or MODULE_BASES)[name]
            # layout_sections(): executable sections in header order, init apart.
            for sec, info in sorted(self.elf.secinfo.items(), key=lambda s: s[1]["index"]):
                if "X" not in info["flags"] or "A" not in info["flags"]:
                    continue
                is_init = sec.startswith(".init")
                base = init if is_init else core
                align = max(info["align"], 1)
                base = (base + align - 1) & ~(align - 1)
                self.secbase[sec] = base
                if is_init:
                    init = base + info["size"]
                else:
                    core = base + info["size"]

    def call_from(self, g, f, f_obj):
        """The call instruction in g that calls f: direct by name, else the
        only register call (function pointer) in g."""
        gsym = self.elf.func_named(g)
        mine = [c for c in self.calls if c["func"] == gsym["name"]]
        fsym_name = f_obj.elf.func_named(f)["name"]
        direct = [c for c in mine if c["target"] == fsym_name]
        if not direct:
            direct = [c for c in mine if c["target"] is None]
        if len(direct) != 1:
            die("%s: %d calls from %s to %s" % (self.name, len(direct), g, f))
        return gsym, direct[0]

    def symbol_text(self, sym, ret):
        """glibc-free %pS: core kallsyms values are even, module st_value odd."""
        start = sym["value"] & ~1 if self.core else sym["value"]
        text = "%s+0x%x/0x%x" % (sym["name"], ret - start, sym["size"])
        return text if self.core else text + " [%s]" % self.name

    def ps_text(self, sym):
        return sym["name"] if self.core else "%s [%s]" % (sym["name"], self.name)

    def address(self, section, off):
        return off if self.core else self.secbase[section] + off


def kernel_logs(args):
    markers = Markers(args.src)
    objs = {"vmlinux": KernelObject("vmlinux", args.vmlinux)}
    for path in args.module:
        name = os.path.basename(path)[:-3]
        objs[name] = KernelObject(name, path)
    logs = {"oom_arm.log": [], "oom_arm6.log": []}
    expected = []
    a2l_req = []
    stamp = [812.204133]

    def ts():
        stamp[0] += 0.000417
        return "[%12.6f] " % stamp[0]

    for rno, rep in enumerate(REPORTS):
        chain = rep["chain"]
        frames = []   # innermost first: (where_obj, f_sym, from_addr, g_obj, g_sym, ret, section)
        inner_obj = objs[chain[-1][1]]
        inner = inner_obj.elf.func_named(chain[-1][0])
        where = inner_obj.address(inner["section"], inner["value"])  # frame.pc = (ulong)unwind_backtrace
        f_obj, f_sym = inner_obj, inner
        for (g, gobj_name), (f, _) in zip(reversed(chain[:-1]), reversed(chain[1:])):
            g_obj = objs[gobj_name]
            g_sym, call = g_obj.call_from(g, f, f_obj)
            ret = (call["addr"] + call["size"]) | 1
            frames.append(dict(where=where, f_obj=f_obj, f_sym=f_sym, g_obj=g_obj, g_sym=g_sym,
                               ret=ret, section=call["section"], g=g, f=f,
                               addr=g_obj.address(call["section"], ret)))
            where = frames[-1]["addr"]
            f_obj, f_sym = g_obj, g_sym
        for log in logs:
            six = log == "oom_arm6.log"
            pre = ts if (six == (rno == 0)) else (lambda: "")
            out = logs[log]
            if out:
                out.append("")
            gfp = rep["gfp6"] if six else rep["gfp4"]
            ver = "6.1.57 #1" if six else "4.9.84 #3"
            out.append(pre() + "%s invoked oom-killer: gfp_mask=%s, oom_score_adj=0" % (rep["comm"], gfp))
            out.append(pre() + "CPU: 0 PID: %d Comm: %s Tainted: P O %s" % (rep["pid"], rep["comm"], ver))
            out.append(pre() + "Hardware name: SStar Soc (Flattened Device Tree)")
            for fr in frames:
                gtext = fr["g_obj"].symbol_text(fr["g_sym"], fr["ret"])
                ftext = fr["f_obj"].ps_text(fr["f_sym"])
                if six:
                    out.append(pre() + " %s from %s" % (ftext, gtext))
                else:
                    out.append(pre() + "[<%08x>] (%s) from [<%08x>] (%s)" % (fr["where"], ftext, fr["addr"], gtext))
                loc = markers.resolve(fr["g"], fr["f"])
                gobj = fr["g_obj"]
                lookup_off = (fr["ret"] & ~1) - 1
                lookup = "0x%x" % lookup_off if gobj.core else "%s+0x%x" % (fr["section"], lookup_off)
                expected.append(row(log, len(out), loc, "kernel",
                                    "vmlinux" if gobj.core else gobj.name + ".ko",
                                    "0x%08x" % fr["addr"], gtext.split("+")[1].split("/")[0],
                                    gtext.split(" ")[0], lookup))
                a2l_req.append((gobj.path, None if gobj.core else fr["section"], lookup_off))
            out.append(pre() + "Mem-Info:")
            out.append(pre() + "active_anon:1546 inactive_anon:9 isolated_anon:0")
            out.append(pre() + " active_file:96 inactive_file:113 isolated_file:0")
            out.append(pre() + " slab_reclaimable:196 slab_unreclaimable:7117")
            out.append(pre() + " free:509 free_pcp:0 free_cma:0")
            out.append(pre() + "Out of memory: Kill process %d (%s) score 60 or sacrifice child" % rep["victim"])
            out.append(pre() + "Killed process %d (%s) total-vm:160716kB, anon-rss:6184kB, file-rss:544kB, shmem-rss:0kB" % rep["victim"])
    for log, text in logs.items():
        with open(os.path.join(args.out, log), "w", encoding="utf-8") as f:
            f.write("\n".join(text) + "\n")
    os.makedirs(os.path.join(args.out, "obj"), exist_ok=True)
    with open(os.path.join(args.out, "obj", "kernel_frames.tsv"), "w", encoding="utf-8") as f:
        for r, req in zip(expected, a2l_req):
            f.write("\t".join(r + ["%s|%s|0x%x" % (req[0], req[1] or "", req[2])]) + "\n")


# --------------------------------------------------------------------------
# 64-bit kernels: x86-64 and arm64 reports in Linux 6.1's formats, from the
# objects' real call instructions (objdump) like the ARM ones above.
#   x86-64: `Call Trace:` / ` <TASK>` / ` func+0xoff/0xsize [mod]`, ` ? ...` for
#           stale return addresses the unwinder finds on the stack, and a WARNING
#           with `RIP: 0010:func+0xoff/0xsize` (a PC) and `Code:` bytes.
#   arm64:  `Call trace:` / ` func+0xoff/0xsize [mod]`, and a WARNING with
#           `pc : ...` / `lr : ...` register lines; a trace unwound from those
#           registers starts with the PC itself.
# No Thumb bit: offset = address - st_value; a return address is looked up at
# address - 1 (inside the call), a PC at the address itself.

ARCH64 = {
    "x86_64": dict(cross="",
                   modules={"mi_sys": (0xffffffffc0a00000, 0xffffffffc0b00000),
                            "mi_venc": (0xffffffffc0a40000, 0xffffffffc0b10000)},
                   hw="QEMU Standard PC (i440FX + PIIX, 1996), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
                   dump=["dump_stack_lvl", "show_stack"],
                   entry=["entry_SYSCALL_64_after_hwframe", "do_syscall_64", "__x64_sys_finit_module"],
                   stamp=1523.118409),
    "arm64": dict(cross="aarch64-linux-gnu-",
                  modules={"mi_sys": (0xffff800000e50000, 0xffff800000e70000),
                           "mi_venc": (0xffff800000e60000, 0xffff800000e78000)},
                  hw="linux,dummy-virt (DT)",
                  dump=["dump_stack", "dump_stack_lvl", "show_stack", "dump_backtrace", "arch_stack_walk"],
                  entry=["el0t_64_sync", "el0t_64_sync_handler", "el0_svc", "do_el0_svc", "el0_svc_common",
                         "invoke_syscall", "__arm64_sys_finit_module"],
                  stamp=977.402215),
}
SLAB_PATH64 = ["kmem_cache_alloc", "__slab_alloc", "___slab_alloc", "new_slab", "allocate_slab", "__alloc_pages"]
TAINT64 = "Tainted: P           O       6.1.57 #1"


def reports64(arch):
    spec = ARCH64[arch]
    vm = lambda names: [(n, "vmlinux") for n in names]
    worker = vm(["ret_from_fork", "kthread"]) + SEED_CHAIN[2:] + vm(
        SLAB_PATH64 + ["__alloc_pages_slowpath", "out_of_memory", "oom_kill_process", "dump_header"]
        + spec["dump"])
    insmod = vm(spec["entry"] + ["__do_sys_finit_module", "load_module", "do_init_module", "do_one_initcall"]) \
        + [("mi_venc_init", "mi_venc")] + vm(SLAB_PATH64)
    return [
        # The seed's worker-thread path, as an OOM report. `stale`: (frame g it
        # sits above, function g2, callee f2) = the return address of g2's call
        # of f2, left on the stack by an earlier call and printed with `? `.
        dict(kind="oom", chain=worker, comm="venc0_P0_MAIN", pid=648, cpu=0,
             stamps=arch == "x86_64",
             stale=[("__alloc_pages_slowpath", "__alloc_pages", "get_page_from_freelist")] if arch == "x86_64" else []),
        # insmod: mi_venc_init's allocation hits WARN_ON(order >= MAX_ORDER)
        # in __alloc_pages: a WARNING with registers (RIP / pc + lr).
        dict(kind="warn", chain=insmod, comm="insmod", pid=702, cpu=1 if arch == "x86_64" else 0,
             stamps=arch == "arm64", lr=("__alloc_pages", "should_fail_alloc_page"),
             stale=[("load_module", "load_module", "module_alloc")] if arch == "x86_64" else []),
    ]


class KernelObject64(KernelObject):
    def __init__(self, name, path, arch):
        KernelObject.__init__(self, name, path, bases=ARCH64[arch]["modules"], cross=ARCH64[arch]["cross"])

    def symbol_text(self, sym, addr):
        text = "%s+0x%x/0x%x" % (sym["name"], addr - sym["value"], sym["size"])
        return text if self.core else text + " [%s]" % self.name

    def trap_in(self, g):
        gsym = self.elf.func_named(g)
        traps = [c for c in self.calls if c["func"] == gsym["name"] and c["target"] == "WARN"]
        if len(traps) != 1:
            die("%s: %d WARN traps in %s" % (self.name, len(traps), g))
        return gsym, traps[0]


def kernel64_logs(args):
    arch = args.arch
    spec = ARCH64[arch]
    markers = Markers(args.src)
    objs = {"vmlinux": KernelObject64("vmlinux", args.vmlinux, arch)}
    for path in args.module:
        name = os.path.basename(path)[:-3]
        objs[name] = KernelObject64(name, path, arch)
    log = "oom_%s.log" % arch
    out, expected, a2l_req = [], [], []
    stamp = [spec["stamp"]]
    x86 = arch == "x86_64"

    def frame_row(line, loc, obj, section, off, sym, lookup_off):
        """One expected row; `off` is the section-relative address."""
        addr = obj.address(section, off)
        text = obj.symbol_text(sym, off)
        lookup = "0x%x" % lookup_off if obj.core else "%s+0x%x" % (section, lookup_off)
        expected.append(row(log, line, loc, "kernel", "vmlinux" if obj.core else obj.name + ".ko",
                            "0x%016x" % addr, text.split("+")[1].split("/")[0], text.split(" ")[0], lookup))
        a2l_req.append((obj.path, None if obj.core else section, lookup_off))
        return text

    def ret_frame(g, gobj_name, f, f_obj):
        g_obj = objs[gobj_name]
        g_sym, call = g_obj.call_from(g, f, f_obj)
        return dict(g=g, f=f, obj=g_obj, sym=g_sym, section=call["section"],
                    ret=call["addr"] + call["size"])

    for rep in reports64(arch):
        ts = (lambda: "[%12.6f] " % stamp[0]) if rep["stamps"] else (lambda: "")

        def emit(text):
            out.append(ts() + text)
            stamp[0] += 0.000371
            return len(out)

        chain = rep["chain"]
        frames = []   # innermost first
        inner_name, inner_obj_name = chain[-1]
        f_obj = objs[inner_obj_name]
        for (g, gobj_name), (f, _) in zip(reversed(chain[:-1]), reversed(chain[1:])):
            fr = ret_frame(g, gobj_name, f, f_obj)
            frames.append(fr)
            for after, g2, f2 in rep["stale"]:
                if after == g:
                    st = ret_frame(g2, "vmlinux", f2, objs["vmlinux"])
                    st["stale"] = True
                    frames.append(st)
            f_obj = fr["obj"]
        if out:
            out.append("")
        if rep["kind"] == "oom":
            gfp = "0x40cc0(GFP_KERNEL|__GFP_COMP), order=2"
            emit("%s invoked oom-killer: gfp_mask=%s, oom_score_adj=0" % (rep["comm"], gfp))
            emit("CPU: %d PID: %d Comm: %s %s" % (rep["cpu"], rep["pid"], rep["comm"], TAINT64))
            emit("Hardware name: %s" % spec["hw"])
        else:
            pobj = objs[inner_obj_name]
            psym, trap = pobj.trap_in(inner_name)
            loc = markers.resolve(inner_name, "WARN")
            if not isinstance(loc, tuple):
                die("%s: WARN marker: %s" % (inner_name, loc))
            pc_text = pobj.symbol_text(psym, trap["addr"])
            emit("------------[ cut here ]------------")
            line = emit("WARNING: CPU: %d PID: %d at kernel64/vmlinux/%s:%d %s" % (
                rep["cpu"], rep["pid"], loc[1], loc[2], pc_text))
            frame_row(line, loc, pobj, trap["section"], trap["addr"], psym, trap["addr"])
            emit("Modules linked in: mi_venc(PO+) mi_sys(PO)")
            emit("CPU: %d PID: %d Comm: %s %s" % (rep["cpu"], rep["pid"], rep["comm"], TAINT64))
            emit("Hardware name: %s" % spec["hw"])
            if x86:
                line = emit("RIP: 0010:%s" % pc_text)
                frame_row(line, loc, pobj, trap["section"], trap["addr"], psym, trap["addr"])
                code = pobj.elf.bytes_at(trap["addr"] - 42, 64)
                emit("Code: " + " ".join(("<%02x>" if i == 42 else "%02x") % b for i, b in enumerate(code)))
                for l in X86_REGS:
                    emit(l)
            else:
                emit("pstate: 60000005 (nZCv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)")
                line = emit("pc : %s" % pc_text)
                frame_row(line, loc, pobj, trap["section"], trap["addr"], psym, trap["addr"])
                # lr: x30 still holds the return address of the last call
                # before the trap (checked: no call between them).
                lg, lf = rep["lr"]
                lr = ret_frame(lg, inner_obj_name, lf, objs["vmlinux"])
                if lr["sym"] is not psym or not reaches_without_call(pobj, lr["ret"], trap["addr"]):
                    die("lr: the call %s>%s is not the last one before the trap" % (lg, lf))
                line = emit("lr : %s" % pobj.symbol_text(lr["sym"], lr["ret"]))
                frame_row(line, markers.resolve(lg, lf), pobj, lr["section"], lr["ret"], lr["sym"], lr["ret"] - 1)
                for l in ARM64_REGS:
                    emit(l)
        emit("Call Trace:" if x86 else "Call trace:")
        if x86:
            emit(" <TASK>")
        elif rep["kind"] == "warn":
            # unwound from the registers: the first entry is the PC itself
            line = emit(" %s" % pc_text)
            frame_row(line, loc, pobj, trap["section"], trap["addr"], psym, trap["addr"])
        for fr in frames:
            loc = markers.resolve(fr["g"], fr["f"])
            line = len(out) + 1
            text = frame_row(line, loc, fr["obj"], fr["section"], fr["ret"], fr["sym"], fr["ret"] - 1)
            emit((" ? %s" if fr.get("stale") else " %s") % text)
        if rep["kind"] == "warn" and x86:
            for l in X86_USER_REGS:
                emit(l)
        if x86:
            emit(" </TASK>")
        if rep["kind"] == "oom":
            for l in MEMINFO64:
                emit(l)
        else:
            emit("---[ end trace 0000000000000000 ]---")
    with open(os.path.join(args.out, log), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    os.makedirs(os.path.join(args.out, "obj"), exist_ok=True)
    with open(os.path.join(args.out, "obj", "kernel_frames_%s.tsv" % arch), "w", encoding="utf-8") as f:
        for r, req in zip(expected, a2l_req):
            f.write("\t".join(r + ["%s|%s|0x%x|%s" % (req[0], req[1] or "", req[2], spec["cross"])]) + "\n")


def reaches_without_call(obj, start, trap):
    """From start, straight-line code reaches the trap (falling into it, or a
    branch to it) before any call: then lr still holds start at the trap."""
    text = tool("objdump", "-d", "-w", "--start-address=0x%x" % start, "--stop-address=0x%x" % (trap + 4),
                obj.path, cross=obj.elf.cross)
    for line in text.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\t[0-9a-f ]+\t(\S+)\s*(.*)$", line)
        if not m:
            continue
        addr, mnem, ops = int(m.group(1), 16), m.group(2), m.group(3)
        if addr == trap:
            return True
        if Elf.CALL64.match(mnem):
            return False
        t = re.match(r"(?:\S+,\s*)*([0-9a-f]+) <", ops)
        if mnem.startswith(("b.", "cb", "tb", "j")) and t and int(t.group(1), 16) == trap:
            return True
    return False


X86_REGS = [
    "RSP: 0018:ffffc90000b0fa38 EFLAGS: 00010246",
    "RAX: 0000000000000000 RBX: ffff888003f1c000 RCX: 0000000000000000",
    "RDX: 0000000000000000 RSI: 000000000000000b RDI: 00000000024000c0",
    "RBP: ffffc90000b0fa90 R08: 000000000000000b R09: 00000000024000c0",
    "R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000000000",
    "R13: ffffffffc0b10000 R14: 0000000000000000 R15: 0000000000000000",
    "FS:  00007f0e1c7e5740(0000) GS:ffff88803ec80000(0000) knlGS:0000000000000000",
    "CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033",
    "CR2: 000055d1c8a3b0b8 CR3: 0000000003a64000 CR4: 00000000000006e0",
]
# The user-mode registers at the syscall entry: a PC in insmod, not in any
# file given to the symbolizer.
X86_USER_REGS = [
    "RIP: 0033:0x7f0e1c8f2f29",
    "Code: 00 c3 66 2e 0f 1f 84 00 00 00 00 00 0f 1f 44 00 00 48 89 f8 48 89 f7 48 89 d6 48 89 ca 4d 89 c2 "
    "4d 89 c8 4c 8b 4c 24 08 0f 05 <48> 3d 01 f0 ff ff 73 01 c3 48 8b 0d a7 6e 0c 00 f7 d8 64 89 01 48",
    "RSP: 002b:00007ffd3c5c1b48 EFLAGS: 00000246 ORIG_RAX: 0000000000000139",
    "RAX: ffffffffffffffda RBX: 000055d1c8a3a7a0 RCX: 00007f0e1c8f2f29",
    "RDX: 0000000000000000 RSI: 000055d1c7f1f260 RDI: 0000000000000003",
    "RBP: 0000000000000000 R08: 0000000000000000 R09: 0000000000000000",
    "R10: 0000000000000003 R11: 0000000000000246 R12: 000055d1c7f1f260",
    "R13: 0000000000000000 R14: 000055d1c8a3a760 R15: 0000000000000000",
]
ARM64_REGS = ["sp : ffff80000a5bb9f0"] + [
    " ".join("x%d: %016x" % (r, (0xffff80000a5bb9f0 + 0x10 * r) if r in (29, 19) else (0x24000c0 if r in (0, 8) else 0))
             for r in (n, n - 1, n - 2)) for n in range(29, 1, -3)]
MEMINFO64 = [
    "Mem-Info:",
    "active_anon:1546 inactive_anon:9 isolated_anon:0",
    " active_file:96 inactive_file:113 isolated_file:0",
    " unevictable:0 dirty:0 writeback:0",
    " slab_reclaimable:196 slab_unreclaimable:7117",
    " mapped:0 shmem:0 pagetables:0",
    " sec_pagetables:0 bounce:0",
    " kernel_misc_reclaimable:0",
    " free:509 free_pcp:0 free_cma:0",
    "Tasks state (memory values in pages):",
    "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name",
    "[    580]     0   580    40179     1682    65536        0             0 mixer",
    "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
    "task_memcg=/,task=mixer,pid=580,uid=0",
    "Out of memory: Killed process 580 (mixer) total-vm:160716kB, anon-rss:6184kB, file-rss:544kB, "
    "shmem-rss:0kB, UID:0 pgtables:64kB oom_score_adj:0",
]


# --------------------------------------------------------------------------
# addr2line, the independent check

def addr2line(requests, cross_for=None):
    """{(file, section, addr): (function, file, line, chain)} via one
    addr2line run per (file, section); cross_for: file -> binutils prefix
    (default CROSS)."""
    groups = {}
    for req in requests:
        groups.setdefault(req[:2], set()).add(req[2])
    result = {}
    for (path, section), addrs in groups.items():
        addrs = sorted(addrs)
        args = ["-a", "-f", "-i", "-C", "-e", path]
        if section:
            args += ["-j", section]
        out = tool("addr2line", *args, *["0x%x" % a for a in addrs],
                   cross=(cross_for or {}).get(path)).splitlines()
        cur, pairs, i = None, [], 0
        entries = {}
        while i < len(out):
            if re.match(r"0x[0-9a-f]+$", out[i]):
                cur = int(out[i], 16)
                entries[cur] = []
                i += 1
                continue
            func, loc = out[i], out[i + 1] if i + 1 < len(out) else "??:0"
            m = re.match(r"(.*):(\d+|\?)", loc.split(" (discriminator")[0])
            entries[cur].append((func, os.path.basename(m.group(1)) if m else "??",
                                 int(m.group(2)) if m and m.group(2).isdigit() else 0))
            i += 2
        for a, levels in entries.items():
            if not levels or levels[0][0] == "??":
                result[(path, section, a)] = "addr2line: ??"
                continue
            # addr2line -i: innermost function and line, then each function it
            # is inlined into with the line of the inlined call.
            result[(path, section, a)] = (levels[0][0], levels[0][1], levels[0][2], levels[1:])
    return result


def write_allocs(args, markers):
    """Every MI_SYS_MMA_Alloc of each run: its block, size, site (from the
    marker carrying that tag) and whether a `free` line gave it back."""
    sites = {m["tag"]: m for ms in markers.by_caller.values() for m in ms if m["tag"]}
    with open(os.path.join(args.out, "expected_allocs.tsv"), "w", encoding="utf-8") as out:
        out.write("#log\tblock_line\talloc_line\tphys\tsize\tsite\tfunction\tfile\tsrcline\tstatus\tfree_line\n")
        for log in ("print_trace.log", "print_trace_pie.log"):
            with open(os.path.join(args.out, log), encoding="utf-8") as f:
                lines = f.read().splitlines()
            allocs, block = [], None
            for no, l in enumerate(lines, 1):
                if re.match(r"Obtained \d+ stack frames\.$", l):
                    block = no
                m = re.match(r"alloc (0x[0-9a-f]+) size (\d+) site (\S+)$", l)
                if m:
                    allocs.append(dict(block=block, line=no, phys=m.group(1), size=m.group(2),
                                       site=m.group(3), free=None))
                m = re.match(r"free (0x[0-9a-f]+)$", l)
                if m:
                    for a in allocs:
                        if a["phys"] == m.group(1) and a["free"] is None:
                            a["free"] = no
            for a in allocs:
                s = sites.get(a["site"])
                if s is None:
                    die("no marker with tag=%s" % a["site"])
                out.write("\t".join([log, str(a["block"]), str(a["line"]), a["phys"], a["size"], a["site"],
                                     s["caller"], s["file"], str(s["line"]),
                                     "freed" if a["free"] else "leaked", str(a["free"] or "-")]) + "\n")


def expected(args):
    markers = Markers(args.src)
    user = expected_user(args, markers, "print_trace.log")
    pie = expected_user(args, markers, "print_trace_pie.log")
    kernel = []
    kpath = os.path.join(args.out, "obj", "kernel_frames.tsv")
    if os.path.isfile(kpath):
        with open(kpath, encoding="utf-8") as f:
            for l in f.read().splitlines():
                cols = l.split("\t")
                path, sec, addr = cols[-1].split("|")
                kernel.append((cols[:-1], (path, sec or None, int(addr, 16))))
    # 64-bit kernels (kernel64-logs): the same, plus each object's binutils prefix.
    cross_for = {}
    for arch in ARCH64:
        kpath = os.path.join(args.out, "obj", "kernel_frames_%s.tsv" % arch)
        if not os.path.isfile(kpath):
            continue
        with open(kpath, encoding="utf-8") as f:
            for l in f.read().splitlines():
                cols = l.split("\t")
                path, sec, addr, cross = cols[-1].split("|")
                cross_for[path] = cross
                kernel.append((cols[:-1], (path, sec or None, int(addr, 16))))
    a2l = addr2line([u["a2l"] for u in user + pie if u["a2l"]] + [k[1] for k in kernel], cross_for)

    # The variants share print_trace.log's line numbers: the maps dump is at
    # the end, and the old-libc rewrite changes lines in place.
    variants = ["print_trace.log", "print_trace_nomaps.log", "print_trace_oldlibc.log",
                "print_trace_oldlibc_nomaps.log"]
    texts = {v: open(os.path.join(args.out, v), encoding="utf-8").read().splitlines() for v in variants}
    exp_rows, a2l_rows, diffs = [], [], []

    def emit(r, req):
        exp_rows.append(r)
        loc = a2l.get(req) if req else "not-ours"
        a = row(r[0], r[1], loc, r[6], r[7], r[8], r[9], r[10], r[11])
        a2l_rows.append(a)
        if req and a[2:6] != r[2:6]:
            diffs.append("%s:%s markers=%s addr2line=%s" % (r[0], r[1], "|".join(r[2:6]), "|".join(a[2:6])))

    for v in variants:
        for u in user:
            line = int(u["row"][1])
            if line > len(texts[v]):
                continue
            text = texts[v][line - 1]
            m = FRAME.match(text)
            if not m:
                die("%s:%d is not a frame: %s" % (v, line, text))
            r = [v] + u["row"][1:]
            if v.startswith("print_trace_oldlibc") and not m.group("sym") and u["row"][10] != "-":
                r[10] = "-"
            emit(r, u["a2l"])
    for u in pie:
        emit(u["row"], u["a2l"])
    for cols, req in kernel:
        emit(cols, req)

    def write(name, rows):
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
            f.write(TSV_HEADER + "\n")
            for r in rows:
                f.write("\t".join(r) + "\n")
    write("expected.tsv", exp_rows)
    write("expected_addr2line.tsv", a2l_rows)
    write_allocs(args, markers)
    with open(os.path.join(args.out, "expected_diff.txt"), "w", encoding="utf-8") as f:
        f.write("".join(d + "\n" for d in diffs))
    unresolved = [r for r in exp_rows if r[12] != "ok" and r[12] != "no-markers"]
    for r in unresolved:
        sys.stderr.write("fixtures.py: %s:%s: %s\n" % (r[0], r[1], r[12]))
    sys.stderr.write("fixtures.py: %d frames, %d with expected locations, %d markers/addr2line disagreements\n"
                     % (len(exp_rows), sum(1 for r in exp_rows if r[12] == "ok"), len(diffs)))
    for d in diffs:
        sys.stderr.write("  DIFF %s\n" % d)
    if unresolved:
        sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("user-logs")
    p.add_argument("--raw", required=True)
    p.add_argument("--name", default="print_trace")
    p.add_argument("--variants", action="store_true")
    p.add_argument("--rootfs", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("kernel-logs")
    p.add_argument("--vmlinux", required=True)
    p.add_argument("--module", action="append", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("kernel64-logs")
    p.add_argument("--arch", required=True, choices=sorted(ARCH64))
    p.add_argument("--vmlinux", required=True)
    p.add_argument("--module", action="append", required=True)
    p.add_argument("--src", action="append", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("expected")
    p.add_argument("--src", required=True)
    p.add_argument("--rootfs", required=True)
    p.add_argument("--out", required=True)
    args = ap.parse_args()
    {"user-logs": user_logs, "kernel-logs": kernel_logs, "kernel64-logs": kernel64_logs,
     "expected": expected}[args.cmd](args)


if __name__ == "__main__":
    main()
