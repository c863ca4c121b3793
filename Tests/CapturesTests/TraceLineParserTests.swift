import Testing
@testable import Captures

@Suite struct TraceLineParserTests {
    // MARK: ARM ≤ 5.18 (the seed's own report)

    @Test func armVerboseLineYieldsTheFromFrame() {
        let m = TraceLineParser.parse("[<c0011521>] (unwind_backtrace) from [<c000fcc7>] (show_stack+0xb/0xc)", lineNumber: 7)
        #expect(m.shape == .armVerbose)
        #expect(m.frames.count == 1)
        let f = m.frames[0]
        #expect(f.kind == .kernel)
        #expect(f.function == "show_stack")
        #expect(f.offset == 0xb)
        #expect(f.size == 0xc)
        #expect(f.address == 0xc000fcc7)
        #expect(f.module == nil)
        #expect(f.inputLine == 7)
        #expect(f.isProgramCounter == false)
        #expect(f.reliable)
        #expect(f.printed == "show_stack+0xb/0xc")
        #expect(m.armCallee?.function == "unwind_backtrace")
        #expect(m.armCallee?.offset == nil)
        #expect(m.armCallee?.address == 0xc0011521)
    }

    @Test func armVerboseModuleFrames() {
        let line = "[<bfb2542b>] (mi_sys_ringpool_AppendTailContentTailRecord [mi_sys]) from [<bfb03b37>] (mi_sys_RingPool_AppendTailContentTailRecord+0x6/0x8 [mi_sys])"
        let m = TraceLineParser.parse(line, lineNumber: 1)
        #expect(m.frames.first?.function == "mi_sys_RingPool_AppendTailContentTailRecord")
        #expect(m.frames.first?.module == "mi_sys")
        #expect(m.frames.first?.offset == 6)
        #expect(m.frames.first?.size == 8)
        #expect(m.frames.first?.address == 0xbfb03b37)
        #expect(m.armCallee?.function == "mi_sys_ringpool_AppendTailContentTailRecord")
        #expect(m.armCallee?.module == "mi_sys")
    }

    @Test func seedOOMTraceHasSixteenFramesInOrder() throws {
        let text = try TraceFixtures.text("seed-oom-arm32-4.9.txt")
        let frames = TraceLineParser.frames(inText: text)
        #expect(frames.count == 16)
        #expect(frames.map(\.function).prefix(3) == ["show_stack", "dump_header.constprop.3", "oom_kill_process"])
        #expect(frames.last?.function == "ret_from_fork")
        let ring = try #require(frames.first { $0.function == "mi_sys_ringpool_AppendTailContentTailRecord" })
        #expect(ring.offset == 0x176 && ring.size == 0x2cc && ring.module == "mi_sys" && ring.address == 0xbfb2542b)
        #expect(frames.first { $0.function == "kmem_cache_alloc" }?.offset == 0x51)
        // The fixture doubles every newline, as the seed does: frames sit on odd lines.
        #expect(frames.allSatisfy { $0.inputLine % 2 == 1 })
        #expect(frames.filter { $0.module == "mi_venc" }.count == 2)
    }

    // MARK: ARM 5.19+

    @Test(arguments: [
        (" unwind_backtrace from show_stack+0x10/0x14", "show_stack", UInt64(0x10), UInt64(0x14), String?.none, "unwind_backtrace"),
        (" dump_stack_lvl from dump_header+0x54/0x1f4", "dump_header", 0x54, 0x1f4, nil, "dump_stack_lvl"),
        (" foo_work [foo_drv] from bar_submit+0x1c/0x40 [foo_drv]", "bar_submit", 0x1c, 0x40, "foo_drv", "foo_work"),
        ("[  123.456789]  kthread from ret_from_fork+0x14/0x28", "ret_from_fork", 0x14, 0x28, nil, "kthread"),
    ])
    func armCompact(line: String, function: String, offset: UInt64, size: UInt64, module: String?, callee: String) {
        let m = TraceLineParser.parse(line, lineNumber: 3)
        #expect(m.shape == .armCompact)
        #expect(m.frames.count == 1)
        #expect(m.frames.first?.function == function)
        #expect(m.frames.first?.offset == offset)
        #expect(m.frames.first?.size == size)
        #expect(m.frames.first?.module == module)
        #expect(m.frames.first?.address == nil)
        #expect(m.armCallee?.function == callee)
        #expect(m.armCallee?.offset == nil)
    }

    @Test func proseWithFromIsNotAnArmFrame() {
        #expect(TraceLineParser.frames(in: "Read the data from the device", lineNumber: 1).isEmpty)
        #expect(TraceLineParser.frames(in: "copied 12 bytes from buf+0x10", lineNumber: 1).isEmpty)
    }

    // MARK: x86 / arm64

    @Test func x86Entries() {
        let reliable = TraceLineParser.frames(in: "  dump_stack_lvl+0x48/0x70", lineNumber: 1)
        #expect(reliable.count == 1 && reliable[0].reliable && reliable[0].function == "dump_stack_lvl")
        let unreliable = TraceLineParser.frames(in: "  ? __pfx_kthread+0x10/0x10", lineNumber: 2)
        #expect(unreliable.count == 1 && !unreliable[0].reliable && unreliable[0].function == "__pfx_kthread")
        let module = TraceLineParser.frames(in: " i915_gem_do_execbuffer+0x3b5/0x1d20 [i915]", lineNumber: 3)
        #expect(module.first?.module == "i915" && module.first?.offset == 0x3b5 && module.first?.size == 0x1d20)
        let old = TraceLineParser.frames(in: " [<ffffffff8114c3d5>] ? __alloc_pages_nodemask+0x105/0x880", lineNumber: 4)
        #expect(old.first?.address == 0xffffffff8114c3d5 && old.first?.reliable == false)
        #expect(old.first?.function == "__alloc_pages_nodemask")
        let old2 = TraceLineParser.frames(in: " [<c04e3a55>] dump_header+0x55/0x1a0", lineNumber: 5)
        #expect(old2.first?.address == 0xc04e3a55 && old2.first?.reliable == true)
    }

    /// A module name is [A-Za-z0-9_-]; a bracket with anything else after a frame is not
    /// vmlinux's either: the frame keeps it as printed (it then finds no symbol file).
    @Test func malformedModuleIsKeptNotDropped() {
        let dots = TraceLineParser.frames(in: " some_func+0x10/0x20 [../../x]", lineNumber: 1)
        #expect(dots.count == 1 && dots.first?.module == "../../x" && dots.first?.function == "some_func")
        let arm = TraceLineParser.frames(in: "[<c0011521>] (unwind_backtrace) from [<c000e7e5>] (show_stack+0xb/0xc [a.b])", lineNumber: 2)
        #expect(arm.first?.module == "a.b" && arm.first?.function == "show_stack")
        // An address, a blank or no name at all inside the brackets is not a module.
        let old = TraceLineParser.frames(in: " dump_header+0x55/0x1a0 [<c04e3a55>]", lineNumber: 3)
        #expect(old.first?.module == nil)
        let elided = TraceLineParser.frames(in: " jffs2_fill_super+0x2b9/0x3b0 [...]", lineNumber: 4)
        #expect(elided.first?.module == nil)
        // kmemleak ends an elided stack with "[...]" on its own line: not the frame's module.
        let kmemleak = TraceLineParser.frames(inText: "    [<ffffffff8614aae9>] jffs2_fill_super+0x2b9/0x3b0\n    [...]")
        #expect(kmemleak.count == 1 && kmemleak.first?.module == nil && kmemleak.first?.inputLine == 1)
    }

    @Test func buildIDAndArm64Markers() {
        let b = TraceLineParser.frames(in: " btrfs_search_slot+0x94/0xa10 [btrfs 0aa1e5d1a3b03d5c7e0d6b1f63d1b1f2a1c0f0e2]", lineNumber: 1)
        #expect(b.first?.module == "btrfs")
        #expect(b.first?.buildID == "0aa1e5d1a3b03d5c7e0d6b1f63d1b1f2a1c0f0e2")
        let p = TraceLineParser.frames(in: "  __alloc_pages_noprof+0x1c/0x20 (P)", lineNumber: 2)
        #expect(p.first?.isProgramCounter == true && p.first?.unwindMarker == "P")
        let l = TraceLineParser.frames(in: "  kmem_cache_alloc_noprof+0x7c/0x2a0 (L)", lineNumber: 3)
        #expect(l.first?.isProgramCounter == false && l.first?.unwindMarker == "L")
        let arm64 = TraceLineParser.frames(in: "[   12.345678]  dump_backtrace+0x0/0x1e0", lineNumber: 4)
        #expect(arm64.first?.offset == 0 && arm64.first?.size == 0x1e0)
    }

    @Test(arguments: [
        ("pc : kmem_cache_alloc+0x12c/0x3a0", true, "kmem_cache_alloc"),
        ("lr : kmem_cache_alloc+0x100/0x3a0", false, "kmem_cache_alloc"),
        ("RIP: 0010:kmem_cache_alloc+0x1a/0x30", true, "kmem_cache_alloc"),
        ("RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] __list_add+0x1a/0xc0", true, "__list_add"),
        ("PC is at mi_sys_foo+0x12/0x34 [mi_sys]", true, "mi_sys_foo"),
        ("LR is at mi_sys_bar+0x56/0x78 [mi_sys]", false, "mi_sys_bar"),
        ("EIP: __copy_to_user_ll+0x4a/0xc0", true, "__copy_to_user_ll"),
        ("epc : handle_mm_fault+0x58/0x100", true, "handle_mm_fault"),
    ])
    func registerLines(line: String, isPC: Bool, function: String) {
        let m = TraceLineParser.parse(line, lineNumber: 1)
        #expect(m.shape == .kernelRegister)
        #expect(m.frames.count == 1)
        #expect(m.frames.first?.function == function)
        #expect(m.frames.first?.isProgramCounter == isPC)
    }

    @Test func registerDumpsWithoutSymbolsHaveNoFrames() {
        #expect(TraceLineParser.frames(in: "pc : [<c0123456>]    lr : [<c0123457>]    psr: 20000013", lineNumber: 1).isEmpty)
        #expect(TraceLineParser.frames(in: "pc : [<ffff000008123456>] lr : [<ffff000008123400>] pstate: 60000145", lineNumber: 1).isEmpty)
    }

    // MARK: glibc backtrace_symbols()

    @Test func userFramesFromTheSeed() throws {
        let named = TraceLineParser.frames(in: "/lib/libmi_sys.so(print_trace+0x1b) [0xb6e285b0]", lineNumber: 1)
        #expect(named.count == 1)
        #expect(named[0].kind == .user)
        #expect(named[0].module == "/lib/libmi_sys.so")
        #expect(named[0].function == "print_trace")
        #expect(named[0].offset == 0x1b)
        #expect(named[0].address == 0xb6e285b0)
        #expect(named[0].size == nil)
        let anonymous = TraceLineParser.frames(in: "/lib/libMD_LINUX.so [0xb6c05794]", lineNumber: 2)
        #expect(anonymous.first?.module == "/lib/libMD_LINUX.so")
        #expect(anonymous.first?.function == nil && anonymous.first?.offset == nil)
        #expect(anonymous.first?.address == 0xb6c05794)
        let cxx = TraceLineParser.frames(in: "/customer/mixer(_Z17mid_md_VDF_Configi+0x33) [0x82ff8]", lineNumber: 3)
        #expect(cxx.first?.function == "_Z17mid_md_VDF_Configi" && cxx.first?.address == 0x82ff8)

        let text = try TraceFixtures.text("seed-print-trace.txt")
        let frames = TraceLineParser.frames(inText: text)
        // Every backtrace_symbols line of the seed's blocks, and nothing from the prose around them.
        let expected = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { $0.hasPrefix("/lib/") || $0.hasPrefix("/customer/") }.count
        #expect(frames.count == expected)
        #expect(frames.allSatisfy { $0.kind == .user && $0.address != nil })
    }

    @Test func currentGlibcModuleRelativeFrame() {
        let f = TraceLineParser.frames(in: "./app(+0x1189) [0x55d4c3a00189]", lineNumber: 1)
        #expect(f.first?.module == "./app" && f.first?.function == nil && f.first?.offset == 0x1189)
        let neg = TraceLineParser.frames(in: "/lib/libc.so.6(foo-0x10) [0xb6e00000]", lineNumber: 1)
        #expect(neg.first?.function == "foo" && neg.first?.offset == nil)
    }

    @Test(arguments: [
        "Obtained 10 stack frames.",
        "[mid_md_Bind_DIVP_To_VDF 118] exec function pass",
        "[DBG]:mid_md_Task[225]: enter md task loop, md model is 1",
        "Hardware name: SStar Soc (Flattened Device Tree)",
        "CPU: 0 PID: 648 Comm: venc0_P0_MAIN Tainted: P O 4.9.84 #3",
        "venc0_P0_MAIN invoked oom-killer: gfp_mask=0x26040c0(GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK), nodemask=0, order=2, oom_score_adj=0",
        "Mem: 44792 40148 4644 12 272",
        "value [0x1234]",
        "a+0x1 is not a frame",
        "",
    ])
    func nonFrames(line: String) {
        #expect(TraceLineParser.frames(in: line, lineNumber: 1).isEmpty)
    }

    // MARK: prefixes

    @Test(arguments: [
        "[ 1234.567890] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "<4>[ 1234.567890] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "Nov 26 12:00:01 board kernel: [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "Nov 26 12:00:01 board kernel: [ 1234.567890] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "2026-11-26T12:00:01.123456+00:00 board kernel: [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "> > [ 1234.567890] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)\r",
        ">> [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "\u{1B}[32m[ 1234.567890]\u{1B}[0m [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "[ 1234.567890][  T648] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "[ 1234.567890] [C0] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "<4>[ 1234.567890] (0)[648:venc0_P0_MAIN][<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
        "kern  :warn  : [ 1234.567890] [<c000fcc7>] (show_stack) from [<c008148d>] (dump_header.constprop.3+0x45/0x11c)",
    ])
    func prefixesAreStripped(line: String) {
        let m = TraceLineParser.parse(line, lineNumber: 1)
        #expect(m.frames.count == 1)
        #expect(m.frames.first?.function == "dump_header.constprop.3")
        #expect(m.frames.first?.offset == 0x45)
        #expect(m.frames.first?.address == 0xc008148d)
        #expect(m.line.body.hasPrefix("[<c000fcc7>]"))
    }

    @Test func strippedLineKeepsWhatItRemoved() {
        let s = StrippedTraceLine("> <4>[ 1234.567890][  T648] hello")
        #expect(s.body == "hello")
        #expect(s.quoteDepth == 1)
        #expect(s.level == 4)
        #expect(s.timestamp == 1234.56789)
        #expect(s.caller == "T648")
        let syslog = StrippedTraceLine("Nov 26 12:00:01 board kernel: Call trace:")
        #expect(syslog.source == "board kernel" && syslog.body == "Call trace:")
        // The OOM task table's rows must survive.
        #expect(StrippedTraceLine("[  648]     0   648    12345 ...").body.hasPrefix("[  648]"))
    }

    // MARK: hostile input

    @Test func hostileInputNeverCrashes() {
        let huge = String(repeating: "a+0x", count: 100_000)
        _ = TraceLineParser.frames(in: huge, lineNumber: 1)
        let nul = "[<c000fcc7>] (show_stack)\u{0} from [<c008148d>] (dump_header+0x45/0x11c)"
        #expect(TraceLineParser.frames(in: nul, lineNumber: 1).first?.function == "dump_header")
        let overflow = TraceLineParser.frames(in: " foo+0x123456789abcdef0123/0x40", lineNumber: 1)
        #expect(overflow.count == 1 && overflow.first?.offset == nil && overflow.first?.size == 0x40)
        let bigAddress = TraceLineParser.frames(in: "/lib/libc.so(+0x10) [0x123456789abcdef01234]", lineNumber: 1)
        #expect(bigAddress.allSatisfy { $0.address == nil })
        let invalid = String(decoding: [0xFF, 0xFE, 0x20, 0x20] + Array(" dump_stack+0x1/0x2".utf8), as: UTF8.self)
        #expect(TraceLineParser.frames(in: invalid, lineNumber: 1).first?.function == "dump_stack")
        for junk in ["[<", "[<c0", "[<c0011521>] (", "(+0x", "/lib/x.so(", "[0x", "+0x/0x", ">>>>>", "[", "]", "( )", "\u{1B}[", "\u{1B}"] {
            _ = TraceLineParser.parse(junk, lineNumber: 1)
        }
    }
}
