import Testing
@testable import Captures

@Suite struct OOMReportParserTests {
    func reports(_ name: String) throws -> [OOMReport] {
        OOMReportParser.reports(in: try TraceFixtures.text(name))
    }

    func names(_ r: OOMReport) -> [String] { r.callTrace.map { $0.function ?? "?" } }

    @Test func seedReport() throws {
        let rs = try reports("seed-oom-arm32-4.9.txt")
        #expect(rs.count == 1)
        let r = try #require(rs.first)
        #expect(r.task == "venc0_P0_MAIN")
        #expect(r.pid == 648)
        #expect(r.cpu == 0)
        #expect(r.kernel == "4.9.84")
        #expect(r.gfpMask == "0x26040c0")
        #expect(r.gfpFlags == ["GFP_KERNEL", "__GFP_COMP", "__GFP_NOTRACK"])
        #expect(r.order == 2)
        #expect(r.oomScoreAdj == 0)
        // f of the first line, then every g: 1 + 16.
        #expect(r.callTrace.count == 17)
        #expect(names(r).prefix(3) == ["unwind_backtrace", "show_stack", "dump_header.constprop.3"])
        #expect(r.callTrace[0].offset == nil && r.callTrace[0].address == 0xc0011521)
        #expect(r.callTrace[1].offset == 0xb && r.callTrace[1].size == 0xc)
        let ring = try #require(r.callTrace.first { $0.function == "mi_sys_ringpool_AppendTailContentTailRecord" })
        #expect(ring.module == "mi_sys" && ring.offset == 0x176 && ring.size == 0x2cc && ring.inputLine == 23)
        #expect(r.killed == nil)
        #expect(r.headerLine == 1)
        #expect(r.diagnosis.kind == .slabAllocation)
        #expect(r.diagnosis.caller == "mi_sys_ringpool_AppendTailContentTailRecord [mi_sys]")
        #expect(r.diagnosis.summary.contains("order-2"))
        #expect(r.diagnosis.summary.contains("new_slab"))
        #expect(r.diagnosis.nextStep.contains("slabinfo"))
    }

    @Test func arm64MailWithFlowedWrapsAndAPreviousVictim() throws {
        let rs = try reports("oom/arm64-5.4-lkml-flowed.txt")
        #expect(rs.count == 1)
        let r = try #require(rs.first)
        #expect(r.task == "systemd")
        #expect(r.pid == 1 && r.cpu == 4)
        #expect(r.kernel == "5.4.51-xxx")
        #expect(r.gfpMask == "0x40cc0" && r.gfpFlags == ["GFP_KERNEL", "__GFP_COMP"])
        #expect(r.order == 1 && r.oomScoreAdj == 0)
        #expect(r.callTrace.count == 17)
        #expect(names(r).first == "dump_backtrace" && names(r).last == "el0_svc")
        #expect(!names(r).contains("panic")) // the panic's own trace afterwards is not this report's
        #expect(r.memInfo["slab_unreclaimable"] == 795718)
        #expect(r.memInfo["free"] == 340962)
        #expect(r.memInfo["pages_ram"] == 2046684)
        #expect(r.memInfo["free_cma"] == 0)
        #expect(r.memInfo["active_anon:242976kb"] == nil)
        #expect(r.unreclaimableSlab.count == 8)
        #expect(r.unreclaimableSlab.first == OOMSlabUsage(cache: "bio-3", usedKiB: 560, totalKiB: 672))
        #expect(r.unreclaimableSlab.contains(OOMSlabUsage(cache: "kmemleak_object", usedKiB: 2449340, totalKiB: 2449340)))
        #expect(r.unreclaimableSlab.contains { $0.cache == "ext4_bio_post_read_ctx" })
        // "Killed process 541 (dbus-broker)" was printed before this report: not its victim.
        #expect(r.killed == nil)
        #expect(r.diagnosis.kind == .slabAllocation)
        #expect(r.diagnosis.caller == "getname_flags")
        #expect(r.diagnosis.summary.contains("kmemleak_object"))
    }

    @Test func arm32QuotedSyslogHardWrapped() throws {
        let rs = try reports("oom/arm32-4.14-github-quoted-wrapped.txt")
        #expect(rs.count == 1)
        let r = try #require(rs.first)
        #expect(r.task == "python3")
        #expect(r.pid == 530 && r.cpu == 3)
        #expect(r.kernel == "4.14.79-v7+")
        #expect(r.gfpMask == "0x15080c0")
        #expect(r.gfpFlags == ["GFP_KERNEL_ACCOUNT", "__GFP_ZERO"])
        #expect(r.order == 1 && r.oomScoreAdj == 0)
        // The last frame is cut mid-size at the end of the text: it is dropped, not guessed.
        #expect(names(r) == ["unwind_backtrace", "show_stack", "dump_stack", "dump_header", "oom_kill_process"])
        #expect(r.callTrace[1].offset == 0x20 && r.callTrace[1].size == 0x24 && r.callTrace[1].address == 0x8010c174)
        #expect(r.callTrace[4].offset == 0x478 && r.callTrace[4].size == 0x584)
        // The previous report's "pages RAM" lines are outside this one.
        #expect(r.memInfo["pages_ram"] == nil)
    }

    @Test func x86Truncated() throws {
        let r = try #require(try reports("oom/x86_64-5.4-github-truncated.txt").first)
        #expect(r.task == "app" && r.pid == 5641 && r.kernel == "5.4.17-2136.307.3.4.el8uek.x86_64")
        #expect(r.gfpFlags == ["GFP_HIGHUSER_MOVABLE"] && r.order == 0)
        #expect(r.callTrace.count == 23)
        #expect(r.callTrace.filter { !$0.reliable }.map { $0.function ?? "" }
                == ["__mod_memcg_lruvec_state", "unlock_page_memcg", "_cond_resched", "down_read", "filemap_map_pages"])
        #expect(r.callTrace.first { $0.function == "__xfs_filemap_fault" }?.module == "xfs")
        #expect(r.diagnosis.kind == .userPageFault)
        #expect(r.killed == nil)
    }

    @Test func journalMemcg() throws {
        let rs = try reports("oom/x86_64-6.17-journal-memcg.txt")
        #expect(rs.count == 1)
        let r = try #require(rs.first)
        #expect(r.task == "systemd" && r.pid == 20957 && r.cpu == 10)
        #expect(r.kernel == "6.17.3-arch2-1-lily")
        #expect(r.oomScoreAdj == 100)
        #expect(r.callTrace.count == 19)
        #expect(r.callTrace.filter { !$0.reliable }.count == 3)
        #expect(r.diagnosis.kind == .memoryCgroup)
    }

    @Test func openWrtAndDmesgT() throws {
        let o = try #require(try reports("oom/x86_64-6.1-openwrt-syslog.txt").first)
        #expect(o.task == "AdGuardHome" && o.pid == 26428 && o.kernel == "6.1.6")
        #expect(o.gfpFlags == ["GFP_HIGHUSER_MOVABLE", "__GFP_COMP"])
        #expect(o.callTrace.count == 11 && o.callTrace.last?.function == "f2fs_filemap_fault")
        let t = try #require(try reports("oom/x86_64-5.4-dmesg-T-memcg.txt").first)
        #expect(t.task == "python3" && t.pid == 1975 && t.kernel == "5.4.0-1056-aws")
        #expect(t.callTrace.count == 10)
        #expect(t.diagnosis.kind == .memoryCgroup)
    }

    @Test func i386TwoReportsWrappedHeaders() throws {
        let rs = try reports("oom/i386-2.6.23-lkml-quoted-truncated.txt")
        #expect(rs.count == 2)
        #expect(rs.map(\.task) == ["df_inode", "df_inode"])
        #expect(rs.map(\.gfpMask) == ["0xd0", "0x40d0"])
        #expect(rs.map(\.order) == [0, 1])
        #expect(rs[0].gfpFlags.isEmpty)
        #expect(names(rs[0]) == ["out_of_memory", "__alloc_pages", "__get_free_pages", "copy_process"])
        #expect(rs[0].callTrace[0].address == 0xc01408cb)
        #expect(names(rs[1]) == ["out_of_memory", "__alloc_pages", "__slab_alloc", "kmem_cache_alloc", "pgd_alloc"])
        #expect(rs[1].diagnosis.caller == "pgd_alloc")
        #expect(rs[0].diagnosis.kind == .pageAllocation)
        #expect(rs[0].diagnosis.caller == "copy_process")
        #expect(rs[1].diagnosis.kind == .slabAllocation)
    }

    @Test func oldArmWithRegisterLinesAndPerCPULists() throws {
        let r = try #require(try reports("oom/arm32-2.6.31-serverfault-indented.txt").first)
        #expect(r.task == "myshellscript" && r.order == 2 && r.gfpMask == "0xd0")
        #expect(r.callTrace.first?.function == "dump_backtrace" && r.callTrace.first?.offset == 0)
        #expect(r.callTrace.count == 14)
        #expect(r.callTrace.last?.function == "ret_fast_syscall")
        #expect(r.memInfo["active_anon"] == 28162)
        #expect(r.diagnosis.kind == .pageAllocation)
        #expect(r.diagnosis.caller == "get_pgd_slow")
    }

    @Test func vendorPrefixWithDoubledLines() throws {
        let r = try #require(try reports("oom/arm32-4.1-vendor-prefix-doubled.txt").first)
        #expect(r.task == "vd-net-config" && r.pid == 467 && r.cpu == 2 && r.kernel == "4.1.10")
        #expect(r.oomScoreAdj == -900)
        #expect(names(r).first == "dump_backtrace")
        #expect(names(r).last == "get_zeroed_page")
        #expect(r.callTrace.count == 10)
    }

    @Test func armNewFormatReport() throws {
        let r = try #require(try reports("oom/synthetic-arm32-6.1-header.txt").first)
        #expect(r.task == "cat" && r.pid == 1789 && r.kernel == "6.1.21-v7l+")
        #expect(r.callTrace.count == 12)
        #expect(names(r).prefix(2) == ["unwind_backtrace", "show_stack"])
        #expect(r.callTrace[0].offset == nil && r.callTrace[1].offset == 0x18)
        #expect(r.memInfo["slab_unreclaimable"] == 8728)
        #expect(r.killed == OOMKilledProcess(pid: 1203, comm: "java", inputLine: 25))
        #expect(r.diagnosis.kind == .pageAllocation)
        #expect(r.diagnosis.caller == "proc_pid_cmdline_read")
        #expect(try reports("oom/arm32-6.1-rpi-no-header.txt").isEmpty)
        #expect(try reports("oom/arm32-6.1-dmesg-H-warn-alloc.txt").isEmpty)
    }

    @Test func interleavedOopsAndPreviousVictim() throws {
        let rs = try reports("oom/synthetic-seed-interleaved-oops.txt")
        #expect(rs.count == 1)
        let r = try #require(rs.first)
        let seed = try #require(try reports("seed-oom-arm32-4.9.txt").first)
        #expect(names(r) == names(seed))
        #expect(!names(r).contains("vdf_bar"))
        #expect(r.pid == 648)
        #expect(r.killed?.pid == 648 && r.killed?.comm == "venc0_P0_MAIN")
        #expect(r.memInfo["slab_unreclaimable"] == 7117 && r.memInfo["free"] == 509)
        #expect(r.ignoredLines.count == 10)
    }

    @Test func callerIdsSeparateStreams() throws {
        let r = try #require(try reports("oom/synthetic-seed-caller-ids.txt").first)
        let seed = try #require(try reports("seed-oom-arm32-4.9.txt").first)
        #expect(names(r) == names(seed))
        #expect(r.ignoredLines.count == 4)
    }

    @Test func killedLines() {
        let text = try! TraceFixtures.text("oom/killed-lines-docker.txt")
        let lines = text.split(separator: "\n").map { StrippedTraceLine($0).body }
        #expect(OOMReportParser.killedProcess(lines[0], line: 1)?.process == OOMKilledProcess(pid: 15784, comm: "python3", inputLine: 1))
        #expect(OOMReportParser.killedProcess(lines[1], line: 2) == nil) // oom_reaper
        #expect(OOMReportParser.killedProcess(lines[2], line: 3)?.process.comm == "(resolved)")
        let old = OOMReportParser.killedProcess("Out of memory: Kill process 957 (app.out) score 524 or sacrifice child", line: 1)
        #expect(old?.process.pid == 957 && old?.final == false)
        let memcg = OOMReportParser.killedProcess("Memory cgroup out of memory: Killed process 1234 (stress) total-vm:1kB", line: 1)
        #expect(memcg?.process.comm == "stress")
        let summary = OOMReportParser.killedProcess("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/,task=dbus-broker,pid=541,uid=999", line: 1)
        #expect(summary?.process == OOMKilledProcess(pid: 541, comm: "dbus-broker", inputLine: 1))
    }

    @Test func olderKillLineIsSupersededByKilledChild() {
        let text = """
        app invoked oom-killer: gfp_mask=0x201da, order=0, oom_adj=0, oom_score_adj=0
        [<c0035d3c>] (unwind_backtrace+0x0/0xe0) from [<c0078f34>] (dump_header.clone.13+0x74/0x1a4)
        Mem-info:
        active_anon:3734 inactive_anon:0 isolated_anon:0
        Out of memory: Kill process 957 (app) score 524 or sacrifice child
        Killed process 958 (child) total-vm:67472kB, anon-rss:14496kB, file-rss:516kB
        """
        let r = OOMReportParser.reports(in: text)
        #expect(r.count == 1)
        #expect(r.first?.killed == OOMKilledProcess(pid: 958, comm: "child", inputLine: 6))
        #expect(r.first?.memInfo["active_anon"] == 3734)
        #expect(r.first?.callTrace.map { $0.function ?? "" } == ["unwind_backtrace", "dump_header.clone.13"])
    }

    @Test func streamingAndHostileInput() {
        var p = OOMReportParser()
        p.feed("x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0")
        p.feed(String(repeating: "\u{0}\u{1B}[+0x/0x", count: 10_000))
        p.feed("y invoked oom-killer: gfp_mask=0x99999999999999999999999(, order=99999999999999999999999, oom_score_adj=-")
        #expect(p.takeFinished().map(\.task) == ["x"])
        let rest = p.finish()
        #expect(rest.map(\.task) == ["y"])
        #expect(rest.first?.order == nil)
    }
}
