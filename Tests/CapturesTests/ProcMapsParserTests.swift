import Foundation
import Testing
@testable import Captures

@Suite struct ProcMapsParserTests {
    @Test func documentedLines() {
        let text = """
        00010000-00090000 r-xp 00000000 1f:03 312        /customer/mixer
        b6c00000-b6c3a000 r-xp 00000000 b3:02 1234       /lib/libMD_LINUX.so
        b6c3a000-b6c49000 ---p 0003a000 b3:02 1234       /lib/libMD_LINUX.so
        b6c49000-b6c4a000 rw-p 00039000 b3:02 1234       /lib/libMD_LINUX.so
        b6f00000-b6f21000 rw-p 00000000 00:00 0
        bea1f000-bea40000 rw-p 00000000 00:00 0          [stack]
        7f3a1c000000-7f3a1c021000 rw-p 00000000 00:00 0
        7ffd6b5e2000-7ffd6b603000 rw-p 00000000 00:00 0                          [stack]
        not a maps line
        """
        let entries = ProcMapsParser.entries(in: text)
        #expect(entries.count == 8)
        #expect(entries[1].path == "/lib/libMD_LINUX.so" && entries[1].start == 0xb6c00000 && entries[1].isExecutable)
        #expect(entries[2].offset == 0x3a000 && !entries[2].isExecutable)
        #expect(entries[4].path == nil && entries[4].inode == 0)
        #expect(entries[5].path == "[stack]")
        #expect(entries[6].start == 0x7f3a1c000000)
        #expect(entries[1].inputLine == 2)
        let bases = ProcMapsParser.loadBases(entries)
        #expect(bases["/lib/libMD_LINUX.so"] == 0xb6c00000)
        #expect(bases["/customer/mixer"] == 0x10000)
        #expect(bases["[stack]"] == nil)
    }

    @Test func thisMachinesOwnMaps() throws {
        // A real kernel's format: every line of our own /proc/self/maps must parse.
        // Read to EOF: /proc files report size 0, and a one-read helper stops after a page —
        // the test binary's own mappings fill that page before any shared object shows up.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        let text = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let lines = text.split(separator: "\n")
        let entries = ProcMapsParser.entries(in: text)
        #expect(entries.count == lines.count)
        #expect(entries.contains { $0.path?.hasSuffix(".so") == true || $0.path?.contains(".so.") == true })
    }

    @Test func prefixedAndHostile() {
        #expect(ProcMapsParser.entry(in: "[  12.5] b6c00000-b6c3a000 r-xp 00000000 b3:02 1234 /lib/a.so", lineNumber: 1)?.path == "/lib/a.so")
        #expect(ProcMapsParser.entry(in: "b6c00000-b6c3a000 r-xp", lineNumber: 1) == nil)
        #expect(ProcMapsParser.entry(in: "b6c3a000-b6c00000 r-xp 00000000 b3:02 1 /x", lineNumber: 1) == nil)
        #expect(ProcMapsParser.entry(in: "ffffffffffffffffffff-1 r-xp 0 0:0 1", lineNumber: 1) == nil)
        #expect(ProcMapsParser.entry(in: "Mem: 44792 40148 4644 12 272", lineNumber: 1) == nil)
    }
}
