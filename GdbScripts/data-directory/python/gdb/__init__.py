# The `gdb` Python package slabhound starts gdb with (`--data-directory=GdbScripts/data-directory`).
#
# Why: gdb's own package (/usr/share/gdb/python/gdb) imports and auto-loads some forty modules at
# every start (pretty-printers, unwinders, commands), ~25-35 ms of CPU that slabhound never uses:
# it needs the C module `_gdb` only (blocks, symbols, line tables, gdb.MICommand). A gdb slabhound
# starts is private (no user commands reach it), so nothing else from the data directory is
# missed: no system gdbinit (-nx), no auto-loaded scripts (auto-load off), no syscall/XML files
# (nothing runs on a target).
#
# The two stream classes keep Python output inside gdb's own streams: with the real stdout and
# stderr file objects, a print or a traceback would write raw bytes into the MI pipe.
import sys

import _gdb
from _gdb import *  # noqa: F401,F403 — the package is the C module's namespace, as gdb's own is


class _GdbStream(object):
    def __init__(self, stream):
        self._stream = stream

    def isatty(self):
        return False

    def write(self, text):
        _gdb.write(text, stream=self._stream)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        _gdb.flush(stream=self._stream)


sys.stdout = _GdbStream(_gdb.STDOUT)
sys.stderr = _GdbStream(_gdb.STDERR)
