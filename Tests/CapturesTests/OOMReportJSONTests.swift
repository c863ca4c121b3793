import Foundation
import Testing
@testable import Captures

@Suite struct OOMReportJSONTests {
    func object(_ value: some Encodable) throws -> [String: Any] {
        let data = try JSONEncoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func seedReportShape() throws {
        let reports = OOMReportParser.reports(in: try TraceFixtures.text("seed-oom-arm32-4.9.txt"))
        let doc = try object(OOMReportsJSON(reports: reports.map { OOMReportJSON(report: $0) }))
        let list = try #require(doc["reports"] as? [[String: Any]])
        #expect(list.count == 1)
        let r = list[0]
        for key in ["task", "pid", "kernel", "gfp_mask", "gfp_flags", "order", "oom_score_adj", "call_trace", "mem_info",
                    "unreclaimable_slab", "killed"] {
            #expect(r.keys.contains(key), "missing \(key)")
        }
        #expect(r["task"] as? String == "venc0_P0_MAIN")
        #expect(r["pid"] as? Int == 648)
        #expect(r["gfp_mask"] as? String == "0x26040c0")
        #expect(r["gfp_flags"] as? [String] == ["GFP_KERNEL", "__GFP_COMP", "__GFP_NOTRACK"])
        #expect(r["order"] as? Int == 2)
        #expect(r["killed"] is NSNull)
        let trace = try #require(r["call_trace"] as? [[String: Any]])
        #expect(trace.count == 17)
        #expect(trace[0]["function"] as? String == "unwind_backtrace")
        #expect(trace[0]["offset"] is NSNull)
        #expect(trace[1]["offset"] as? String == "0xb")
        #expect(trace[1]["size"] as? String == "0xc")
        #expect(trace[1]["module"] is NSNull)
        #expect(trace[1]["reliable"] as? Bool == true)
        #expect(trace[1]["input_line"] as? Int == 7)
        #expect(trace[9]["module"] as? String == "mi_sys")
        #expect(trace[1]["resolved"] == nil) // not symbolized: no resolution keys
        let failed = try #require(r["what_failed"] as? [String: Any])
        #expect(failed["kind"] as? String == "slab-allocation")
    }

    @Test func killedAndSlabAndResolutions() throws {
        let arm64 = OOMReportParser.reports(in: try TraceFixtures.text("oom/arm64-5.4-lkml-flowed.txt"))
        let r = try object(OOMReportJSON(report: arm64[0]))
        let slab = try #require(r["unreclaimable_slab"] as? [[String: Any]])
        #expect(slab.first?["cache"] as? String == "bio-3")
        #expect(slab.first?["used_kib"] as? Int == 560 && slab.first?["total_kib"] as? Int == 672)
        #expect((r["mem_info"] as? [String: Any])?["slab_unreclaimable"] as? Int == 795718)

        let six = OOMReportParser.reports(in: try TraceFixtures.text("oom/synthetic-arm32-6.1-header.txt"))
        var resolutions: [OOMFrameResolution?] = Array(repeating: nil, count: six[0].callTrace.count)
        resolutions[1] = OOMFrameResolution(levels: [.init(function: "show_stack", file: "arch/arm/kernel/traps.c", line: 257),
                                                     .init(function: "dump_stack_lvl", file: "lib/dump_stack.c", line: 106)])
        resolutions[2] = OOMFrameResolution(levels: [], reason: "no symbol file vmlinux")
        let s = try object(OOMReportJSON(report: six[0], resolutions: resolutions))
        let killed = try #require(s["killed"] as? [String: Any])
        #expect(killed["pid"] as? Int == 1203 && killed["comm"] as? String == "java")
        let trace = try #require(s["call_trace"] as? [[String: Any]])
        #expect(trace[1]["resolved"] as? Bool == true)
        let location = try #require(trace[1]["location"] as? [String: Any])
        #expect(location["file"] as? String == "arch/arm/kernel/traps.c" && location["line"] as? Int == 257)
        #expect((location["inlined_by"] as? [[String: Any]])?.first?["function"] as? String == "dump_stack_lvl")
        #expect(trace[2]["resolved"] as? Bool == false && trace[2]["reason"] as? String == "no symbol file vmlinux")
        #expect(trace[2]["location"] is NSNull)
    }

    @Test func textForm() throws {
        let r = OOMReportParser.reports(in: try TraceFixtures.text("oom/synthetic-seed-interleaved-oops.txt"))[0]
        let lines = r.textLines(number: 1)
        #expect(lines[0].contains("venc0_P0_MAIN (pid 648) invoked the OOM killer"))
        #expect(lines.contains { $0.contains("gfp_mask 0x26040c0 (GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK), order 2") })
        #expect(lines.contains { $0.contains("mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys]") })
        #expect(lines.contains { $0 == "  killed: pid 648 (venc0_P0_MAIN)" })
        #expect(lines.contains { $0.hasPrefix("  what failed: An order-2 slab allocation") })
        #expect(lines.contains { $0.contains("left out 10 interleaved line(s)") })
        let x86 = OOMReportParser.reports(in: try TraceFixtures.text("oom/x86_64-5.4-github-truncated.txt"))[0]
        #expect(x86.textLines(number: 1).contains { $0.contains("? __mod_memcg_lruvec_state+0x27/0x102") })
    }
}
