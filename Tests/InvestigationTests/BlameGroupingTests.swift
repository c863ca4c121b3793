import Captures
import Foundation
import Investigation
import Testing

/// Grouping backtraces into sites without symbols or pairing, and the allocator rules.
struct BlameGroupingTests {
    static let callsites = InvestigationFixture.here.deletingLastPathComponent()
        .appendingPathComponent("CapturesTests/Fixtures/traces/callsites")

    static func frame(_ printed: String, line: Int = 1) -> TraceFrame {
        TraceLineParser.frames(in: printed, lineNumber: line)[0]
    }

    @Test("without --alloc/--free: sites by allocations, outstanding unknown (nil)")
    func groupingWithoutPairing() {
        let block = { (offsets: [String]) in
            (["Obtained \(offsets.count + 1) stack frames.", "/lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]"]
                + offsets.map { "/lib/libMD_LINUX.so(+\($0)) [0x0]" }).joined(separator: "\n")
        }
        // Blank lines between frames (logs that double newlines) do not split a block.
        let doubled = ["Obtained 3 stack frames.", "", "/lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]", "",
                       "/lib/libMD_LINUX.so(+0x5cc) [0x0]", "", "/lib/libMD_LINUX.so(+0x610) [0x0]"].joined(separator: "\n")
        let text = [block(["0x5ac", "0x610"]), "alloc 0x1 size 2", block(["0x5cc", "0x610"]), block(["0x5ac", "0x61a"]),
                    doubled, "free 0x1"].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text)
        #expect(log.blocks.count == 4)
        #expect(log.blocks.allSatisfy { $0.fate == .unknown && $0.frames.count == 3 })
        #expect(log.allocationLines == 0, "no patterns, no pairing")
        let report = BlameReport.build(log: log, frames: [], filter: AllocatorFilter())
        #expect(report.rows.map(\.site.raw) == ["/lib/libMD_LINUX.so+0x5ac", "/lib/libMD_LINUX.so+0x5cc"])
        #expect(report.rows.map(\.allocations) == [2, 2])
        #expect(report.rows.allSatisfy { $0.outstanding == nil && $0.outstandingBytes == nil })
        #expect(report.text().contains { $0.contains("give --alloc and --free") })
    }

    @Test("the seed's own print_trace block (blank lines between frames, old libc `lib [addr]`)")
    func seedBlock() throws {
        let seed = InvestigationFixture.here.deletingLastPathComponent()
            .appendingPathComponent("CapturesTests/Fixtures/traces/seed-print-trace.txt")
        let log = AllocationLogScanner.scan(text: try InvestigationFixture.text(seed.path))
        let block = try #require(log.blocks.first)
        #expect(block.frames.count == 10)
        let site = AllocatorFilter().site(in: block.frames.map { BlameFrame(frame: $0) })
        #expect(site?.module == "/lib/libMD_LINUX.so")
        #expect(site?.raw == "/lib/libMD_LINUX.so [0xb6c05794]")
    }

    @Test("--allocator skips named frames, and peels an inlined allocator off its caller's line")
    func allocatorSkipping() {
        let frames = [
            BlameFrame(frame: Self.frame("/lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]")),
            BlameFrame(frame: Self.frame("/lib/libmi_sys.so(MI_SYS_MMA_Alloc+0xb) [0x3fea4604]")),
            BlameFrame(frame: Self.frame("/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]"),
                       chain: [BlameLocation(function: "md_alloc_luma", file: "user/md.c", line: 28),
                               BlameLocation(function: "md_alloc_planes", file: "user/md.c", line: 38),
                               BlameLocation(function: "md_setup_buffers", file: "user/md.c", line: 48)], moduleOffset: 0x5ac),
            BlameFrame(frame: Self.frame("/lib/libMD_LINUX.so(+0x610) [0x3fea7610]"),
                       chain: [BlameLocation(function: "md_init_model", file: "user/md.c", line: 74)], moduleOffset: 0x610),
            BlameFrame(frame: Self.frame("/lib/libMD_LINUX.so(MI_MD_Init+0x1f) [0x3fea7674]"),
                       chain: [BlameLocation(function: "MI_MD_Init", file: "user/md.c", line: 101)], moduleOffset: 0x674),
        ]
        // Default: the printing library (libmi_sys) is skipped.
        let plain = AllocatorFilter().site(in: frames)
        #expect(plain?.location?.function == "md_alloc_luma" && plain?.location?.line == 28)
        #expect(plain?.inlinedBy.map(\.function) == ["md_alloc_planes", "md_setup_buffers"])
        #expect(plain?.raw == "/lib/libMD_LINUX.so+0x5ac")
        // The inlined allocator is peeled: the site is the caller's line in the same frame.
        let peeled = AllocatorFilter(names: ["md_alloc_luma"]).site(in: frames)
        #expect(peeled?.location == BlameLocation(function: "md_alloc_planes", file: "user/md.c", line: 38))
        #expect(peeled?.inlinedBy.map(\.function) == ["md_setup_buffers"])
        // The whole frame is allocator: the next frame.
        let next = AllocatorFilter(names: ["md_alloc_luma", "md_alloc_planes", "md_setup_buffers"]).site(in: frames)
        #expect(next?.location?.function == "md_init_model")
        // Printed names match too (with C++ parameter lists and clone suffixes ignored).
        let printed = AllocatorFilter(names: ["md_alloc_luma", "md_alloc_planes(int)", "md_setup_buffers.isra.0", "md_init_model"])
            .site(in: frames)
        #expect(printed?.location?.function == "MI_MD_Init")
        // Everything named: the first frame that no name matches, ignoring the library rule.
        let all = AllocatorFilter(names: ["md_alloc_luma", "md_alloc_planes", "md_setup_buffers", "md_init_model", "MI_MD_Init"])
            .site(in: frames)
        #expect(all?.raw == "/lib/libmi_sys.so(print_trace+0xd)")
        #expect(AllocatorFilter().site(in: []) == nil)
    }

    @Test("kmemleak objects: outstanding by definition, with their sizes, site past the kernel allocator")
    func kmemleak() throws {
        let text = try InvestigationFixture.text(Self.callsites.appendingPathComponent("kmemleak-reports.txt").path)
        let log = AllocationLogScanner.scan(text: text)
        let objects = KmemleakParser.objects(in: text).filter { !$0.backtrace.isEmpty }
        #expect(log.blocks.count == objects.count && objects.count >= 4)
        #expect(log.blocks.allSatisfy { $0.source == .kmemleak && $0.fate == .outstanding })
        let report = BlameReport.build(log: log, frames: [], filter: AllocatorFilter())
        let names = report.rows.map { $0.site.raw }
        #expect(names.contains("jffs2_sum_init+0x96 [vmlinux]"))
        #expect(names.contains("__set_power_wells+0xc3 [xe]"))
        #expect(names.contains("tracing_log_err+0x277 [vmlinux]"))
        #expect(names.contains("zr364xx_probe+0x60b [vmlinux]"), "vmalloc and __vmalloc_node_range skipped")
        // Bytes are the objects' sizes; the rank follows them.
        let total = objects.reduce(Int64(0)) { $0 + $1.size }
        #expect(report.rows.reduce(Int64(0)) { $0 + ($1.outstandingBytes ?? 0) } == total)
        #expect(report.rows.first?.outstandingBytes == objects.map(\.size).max())
        #expect(!report.text().contains { $0.contains("give --alloc") }, "kmemleak objects are known outstanding")
        // After other text, the objects keep their own line numbers.
        let mixed = "Obtained 1 stack frames.\n/lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]\nnoise\n" + text
        let lines = mixed.split(separator: "\n", omittingEmptySubsequences: false)
        let headers = lines.indices.filter { lines[$0].contains("unreferenced object") }.map { $0 + 1 }
        let mixedLog = AllocationLogScanner.scan(text: mixed)
        #expect(mixedLog.blocks.filter { $0.source == .kmemleak }.map(\.inputLine) == headers.filter { h in
            objects.contains { $0.inputLine + 3 == h } })
        #expect(mixedLog.blocks.filter { $0.source == .kmemleak }.allSatisfy { block in
            block.frames.allSatisfy { String(lines[$0.inputLine - 1]).contains($0.printed) } })
    }

    @Test("alloc_calls: live objects per site; a later dump of the same cache supersedes the earlier one")
    func allocCalls() throws {
        let text = try InvestigationFixture.text(Self.callsites.appendingPathComponent("alloc-calls-capture.txt").path)
        let log = AllocationLogScanner.scan(text: text)
        let report = BlameReport.build(log: log, frames: [], filter: AllocatorFilter())
        let counts = Dictionary(uniqueKeysWithValues: report.rows.map { ($0.site.raw, $0.outstanding) })
        #expect(counts["mi_sys_ringpool_AppendTailContentTailRecord+0x176 [mi_sys]"] == 346)
        #expect(counts["mi_sys_init_bufpool+0x3a [mi_sys]"] == 2)
        #expect(counts["__kernfs_new_node+0x4d [vmlinux]"] == 311)
        #expect(report.rows.allSatisfy { $0.outstandingBytes == nil }, "alloc_calls has no sizes")
        // A free_calls dump is not allocations, even when it comes first.
        let frees = "cat /sys/kernel/slab/kmalloc-64/free_calls\n    7 kfree_skb+0x10/0x40 age=1 pid=1 cpus=0\n"
        #expect(AllocationLogScanner.scan(text: frees + text).blocks.count == log.blocks.count)
        #expect(AllocationLogScanner.scan(text: frees).blocks.isEmpty)
        #expect(report.rows.first?.site.raw == "mi_sys_ringpool_AppendTailContentTailRecord+0x176 [mi_sys]"
                || report.rows.first?.site.raw == "__kernfs_new_node+0x4d [vmlinux]")
    }
}
