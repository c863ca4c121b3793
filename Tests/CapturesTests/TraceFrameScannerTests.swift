import Testing
@testable import Captures

@Suite struct TraceFrameScannerTests {
    func scan(_ text: String) -> [TraceLineMatch] {
        var s = TraceFrameScanner()
        var out: [TraceLineMatch] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { out += s.feed(line) }
        return out + s.finish()
    }

    @Test func armFrameWrappedAtABlankIsJoined() {
        let text = """
        [<c007deaf>] (___slab_alloc.constprop.12) from [<c007e015>] (kmem_cache_alloc+0x51/0xa4)
        [<c007e015>] (kmem_cache_alloc) from [<bfb2542b>]
        (mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys])
        [<bfb2542b>] (mi_sys_ringpool_AppendTailContentTailRecord [mi_sys]) from [<bfb03b37>] (mi_sys_RingPool_AppendTailContentTailRecord+0x6/0x8 [mi_sys])
        """
        let matches = scan(text)
        #expect(matches.count == 3)
        let frames = matches.flatMap(\.frames)
        #expect(frames.count == 3)
        #expect(frames[1].function == "mi_sys_ringpool_AppendTailContentTailRecord")
        #expect(frames[1].address == 0xbfb2542b)
        #expect(frames[1].inputLine == 2)
        #expect(matches[1].lineNumber == 2 && matches[1].lastLineNumber == 3)
        #expect(matches[1].armCallee?.function == "kmem_cache_alloc")
    }

    /// `passThrough` hands a complete line back only when `feed(parsed:)` would: feeding the
    /// same lines both ways gives the same frames and line numbers, and a line following a
    /// cut one is never passed through (it may complete the frame).
    @Test func passThroughAgreesWithFeed() {
        let lines = [
            "[<c007deaf>] (___slab_alloc.constprop.12) from [<c007e015>] (kmem_cache_alloc+0x51/0xa4)",
            "[<c007e015>] (kmem_cache_alloc) from [<bfb2542b>]",
            "(mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys])",
            "",
            "/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]",
        ]
        var plain = TraceFrameScanner()
        var fed: [TraceFrame] = []
        for line in lines { fed += plain.feed(line).flatMap(\.frames) }
        fed += plain.finish().flatMap(\.frames)

        var shared = TraceFrameScanner()
        var taken: [TraceFrame] = []
        var passed: [Int] = []
        for line in lines {
            let match = TraceLineParser.parse(StrippedTraceLine(line), lineNumber: 1)
            if let number = shared.passThrough(match) {
                passed.append(number)
                taken += match.frames.map { var f = $0; f.inputLine = number; return f }
            } else {
                taken += shared.feed(parsed: match).flatMap(\.frames)
            }
        }
        taken += shared.finish().flatMap(\.frames)
        #expect(taken == fed)
        #expect(fed.map(\.inputLine) == [1, 2, 5])
        #expect(passed == [1, 4, 5], "line 2 is cut (held) and line 3 completes it; the blank and the last pass")
    }

    @Test func wrapInsideAWordIsJoinedWithoutBlank() {
        let text = """
        > [<c007e015>] (kmem_cache_alloc) from [<bfb2542b>] (mi_sys_ringpool_AppendTail
        > ContentTailRecord+0x176/0x2cc [mi_sys])
        """
        let frames = scan(text).flatMap(\.frames)
        #expect(frames.count == 1)
        #expect(frames.first?.function == "mi_sys_ringpool_AppendTailContentTailRecord")
        #expect(frames.first?.module == "mi_sys")
    }

    @Test func wrapWithDoubledNewlinesAndModuleCut() {
        let text = "[<c0029da5>] (kthread) from [<c000d441>] (ret_from_fork+0x11/0x30\n\n)\n\n x86_thing+0x1/0x2 [mi_\nsys]\n"
        let matches = scan(text)
        let frames = matches.flatMap(\.frames)
        #expect(frames.map(\.function) == ["ret_from_fork", "x86_thing"])
        #expect(frames[1].module == "mi_sys")
        // Every physical line is accounted for exactly once.
        let covered = matches.flatMap { Array($0.lineNumber...$0.lastLineNumber) }
        #expect(covered == Array(1...7))
    }

    @Test func userFrameWrapped() {
        let text = "/lib/libmi_sys.so(MI_SYS_MMA_Alloc+0x19)\n[0xb6e2863a]\n/lib/libMD_LINUX.so\n[0xb6c05794]"
        let frames = scan(text).flatMap(\.frames)
        #expect(frames.count == 2)
        #expect(frames[0].function == "MI_SYS_MMA_Alloc" && frames[0].address == 0xb6e2863a)
        #expect(frames[1].module == "/lib/libMD_LINUX.so" && frames[1].address == 0xb6c05794)
    }

    @Test func aNewRecordIsNeverAContinuation() {
        let text = """
        [   10.000000]  unwind_backtrace from
        [   10.000001]  show_stack+0x10/0x14
        """
        let matches = scan(text)
        #expect(matches.count == 2)
        #expect(matches.flatMap(\.frames).map(\.function) == ["show_stack"])
        #expect(matches.flatMap(\.frames).first?.inputLine == 2)
    }

    @Test func compactArmWrappedAfterFrom() {
        let text = " unwind_backtrace from\nshow_stack+0x10/0x14\n dump_stack_lvl from dump_header+0x54/0x1f4"
        let matches = scan(text)
        #expect(matches.count == 2)
        #expect(matches[0].armCallee?.function == "unwind_backtrace")
        #expect(matches.flatMap(\.frames).map(\.function) == ["show_stack", "dump_header"])
    }

    @Test func rawBytesWithInvalidUTF8() {
        var s = TraceFrameScanner()
        let line: [UInt8] = [0xFF, 0xC3, 0x00] + Array("[ 12.5] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header+0x45/0x11c) ".utf8) + [0xE2, 0x82]
        let matches = s.feed(bytes: line) + s.feed(bytes: Array("/lib/libc.so.6(+0x1189) [0xb6e00189]\r".utf8)) + s.finish()
        let frames = matches.flatMap(\.frames)
        #expect(frames.map { $0.function ?? "" } == ["dump_header", ""])
        #expect(frames[0].address == 0xc008148d && frames[1].offset == 0x1189 && frames[1].inputLine == 2)
        var p = OOMReportParser()
        p.feed(bytes: Array("x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0".utf8))
        p.feed(bytes: [0xFF, 0xFE] + Array(" dump_stack+0x1/0x2".utf8))
        #expect(p.finish().first?.callTrace.first?.function == "dump_stack")
    }
}
