# slabhound's gdb helper: resolves many addresses per round trip, with inline chains.
#
# Usable two ways:
#   * by slabhound, over GDB/MI:   -slabhound-resolve 0x1000 0x2000 ...
#   * by a person in plain gdb:     (gdb) source GdbScripts/slabhound.py
#                                   (gdb) slabhound-resolve 0x1000 0x2000
#
# Why a block walk: MI has no command for inline chains. For an inlined block, gdb gives the
# block's function symbol the *call site* as its line and symtab (DW_AT_call_line/call_file), so
# walking block.superblock outwards yields "inlined into F at file:line" for each level.
import gdb


def _symtab_file(symtab):
    if symtab is None:
        return None
    return symtab.filename


def _lookups():
    """find_pc_line and block_for_pc. gdb >= 8.3 has them on the program space (the C module);
    the module-level functions are wrappers in gdb's own Python package, which slabhound does not
    load (see data-directory/python/gdb/__init__.py), older gdbs only have those."""
    space = gdb.selected_inferior().progspace
    if hasattr(space, "block_for_pc"):
        return space.find_pc_line, space.block_for_pc
    return gdb.find_pc_line, gdb.block_for_pc


def _resolve_all(addresses):
    """One dict per address, in order (see _resolve)."""
    lookups = _lookups()
    return [_resolve(pc, lookups) for pc in addresses]


def _resolve(pc, lookups):
    """Returns a dict for one address: innermost location and the chain it is inlined into."""
    out = {"address": "0x%x" % pc}
    find_pc_line, block_for_pc = lookups
    sal = find_pc_line(pc)
    try:
        block = block_for_pc(pc)
    except RuntimeError:
        block = None
    functions = []
    while block is not None:
        if block.function is not None:
            functions.append(block.function)
        if block.is_static or block.is_global:
            break
        block = block.superblock
    if functions:
        out["function"] = functions[0].print_name
        if sal is not None and sal.symtab is not None and sal.line > 0:
            out["file"] = sal.symtab.filename
            out["fullname"] = sal.symtab.fullname()
            out["line"] = str(sal.line)
        chain = []
        for inner, outer in zip(functions, functions[1:]):
            # inner is inlined into outer; inner's symbol carries the call site.
            chain.append({"function": outer.print_name,
                          "file": _symtab_file(inner.symtab) or "",
                          "line": str(inner.line)})
        out["inlined_by"] = chain
    else:
        # No debug info for this address: fall back to the ELF symbol (minimal symbol).
        try:
            text = gdb.execute("info symbol 0x%x" % pc, to_string=True).strip()
        except gdb.error:
            text = ""
        if text and not text.startswith("No symbol"):
            name = text.split(" in section ")[0]
            out["function"] = name.split(" + ")[0]
            out["minimal"] = "1"
        if sal is not None and sal.symtab is not None and sal.line > 0:
            out["file"] = sal.symtab.filename
            out["line"] = str(sal.line)
    return out


def _parse_addresses(args):
    result = []
    for a in args:
        # Only plain numbers are accepted: nothing from a trace can become an expression.
        result.append(int(a, 0))
    return result


if hasattr(gdb, "MICommand"):
    class _ResolveMI(gdb.MICommand):
        """-slabhound-resolve ADDR... : one tuple per address, in order."""

        def __init__(self):
            super().__init__("-slabhound-resolve")

        def invoke(self, argv):
            return {"locations": _resolve_all(_parse_addresses(argv))}

    _ResolveMI()

    class _ResolveFileMI(gdb.MICommand):
        """-slabhound-resolve-file PATH : as -slabhound-resolve, the addresses read from PATH
        (whitespace-separated numbers). gdb reads MI input from a pipe one byte per read(2): for
        thousands of addresses a file slabhound wrote costs a fraction of sending them."""

        def __init__(self):
            super().__init__("-slabhound-resolve-file")

        def invoke(self, argv):
            if len(argv) != 1:
                raise gdb.GdbError("usage: -slabhound-resolve-file PATH")
            with open(argv[0]) as f:
                addresses = _parse_addresses(f.read().split())
            return {"locations": _resolve_all(addresses)}

    _ResolveFileMI()


class _ResolveCLI(gdb.Command):
    """slabhound-resolve ADDR... : print function, file:line and inline chain per address."""

    def __init__(self):
        super().__init__("slabhound-resolve", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        for loc in _resolve_all(_parse_addresses(gdb.string_to_argv(arg))):
            pc = int(loc["address"], 16)
            where = "%s:%s" % (loc.get("file", "??"), loc.get("line", "?"))
            print("0x%x %s at %s" % (pc, loc.get("function", "??"), where))
            for level in loc.get("inlined_by", []):
                print("    inlined into %s at %s:%s" % (level["function"], level["file"], level["line"]))


_ResolveCLI()
