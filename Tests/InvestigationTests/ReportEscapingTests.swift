import Testing
import Foundation
@testable import Investigation
import Captures

/// Captures and traces are hostile text: whatever a cache, task, file or function is called,
/// the page shows it as text and no markup of it survives.
@Suite struct ReportEscapingTests {
    static let payloads = [
        "<script>document.title='pwned'</script>",
        "<img src=x onerror=alert(1)>",
        "\"><svg onload=alert(1)>",
        "a & b ' \" </td></tr></table>",
        "]]><!-- -->&amp;&#0;",
        "esc\u{1b}[31mred\u{0}nul\u{7f}",
    ]

    /// What a payload should read as once parsed (controls replaced by U+FFFD).
    static func shown(_ p: String) -> String {
        String(String.UnicodeScalarView(p.unicodeScalars.map { s in
            (s.value < 0x20 && s != "\n" && s != "\t" && s != "\r") || (0x7F...0x9F).contains(s.value) ? "\u{FFFD}" : s
        }))
    }

    static func hostileReport(_ p: String) -> InvestigationReport {
        let series = TrendSeries(name: p, unit: "KiB", first: 1, last: 9, min: 1, max: 9, count: 8, slopePerSample: 1,
                                 slopePerHour: nil, r2: 1, trendZ: 3, fittedChange: 8, noise: 0, sustained: .rising, profile: [])
        let trend = TrendAnalysis(samples: 8, verdict: .leaking, series: [series], growingCaches: [p], summary: "summary " + p)
        var comparison = Comparison(
            verdict: .init(kind: .slab, summary: "verdict " + p),
            meminfo: [.init(field: p, beforeKB: 1, afterKB: 2, deltaKB: 1)],
            slabinfo: [.init(cache: p, beforeKiB: 4, afterKiB: 8, deltaKiB: 4, beforeObjs: 1, afterObjs: 2)],
            heaps: [.init(heap: p, owners: [.init(owner: p, beforeChunks: 1, afterChunks: 2, beforeBytes: 1, afterBytes: 2, deltaBytes: 1)])],
            nextStep: "next " + p,
            notes: [.init(cache: p, pattern: p, meaning: p, nextStep: p)])
        comparison.beforeSample = 1
        comparison.afterSample = 2

        var oom = OOMReport(task: p, headerLine: 1)
        oom.kernel = p
        oom.gfpMask = p
        oom.gfpFlags = [p]
        oom.killed = OOMKilledProcess(pid: 1, comm: p, inputLine: 2)
        oom.diagnosis = OOMDiagnosis(kind: .unknown, summary: p, nextStep: p)
        oom.unreclaimableSlab = [OOMSlabUsage(cache: p, usedKiB: 1, totalKiB: 2)]
        var frame = TraceFrame(kind: .kernel, inputLine: 3, printed: p)
        frame.function = p
        frame.module = p
        oom.callTrace = [frame]
        let resolution = OOMFrameResolution(levels: [.init(function: p, file: p, line: 1), .init(function: p, file: nil, line: nil)])

        let site = AllocationSite(module: p, location: BlameLocation(function: p, file: p, line: 7),
                                  inlinedBy: [BlameLocation(function: p, file: p, line: 8)], raw: p)
        let row = BlameSiteRow(site: site, allocations: 2, outstanding: 1, outstandingBytes: 64,
                               example: [BlameFrame(frame: frame, chain: [BlameLocation(function: p)])], exampleLine: 3,
                               sources: [.printTrace])
        let blame = ReportBlame(report: BlameReport(rows: [row], log: AllocationLog()),
                                sources: [site.key: [.init(number: 7, text: p)]], notes: [site.key: p],
                                inputs: [.init(name: p, lineOffset: 0)])
        let checklist = GuideChecklist(steps: [GuideStep(number: 0, question: p, status: .pending, evidence: p, next: p)],
                                       route: .undecided, summary: p)
        let line = ReportSeries(name: p, unit: p, points: [.init(sample: 1, value: 1), .init(sample: 2, value: 3)])
        return InvestigationReport(title: p, generated: p, sources: [p], samples: 2, memorySeries: [line], freeSeries: [line],
                                   cacheSeries: [line], trend: trend, comparison: comparison,
                                   ooms: [ReportOOM(report: oom, resolutions: [resolution], source: p)],
                                   blame: blame, checklist: checklist, notes: [p])
    }

    @Test(arguments: payloads)
    func hostileTextStaysText(_ payload: String) throws {
        let html = HTMLReport.render(Self.hostileReport(payload))
        let dom = try ReportDOM.parse(html)   // strict XML: one unescaped `<` or NUL fails here
        // No element came from the payload: only the renderer's own vocabulary exists.
        let names = Set(dom.all().map(\.name))
        let allowed: Set<String> = ["html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
                                    "code", "section", "div", "b", "table", "thead", "tbody", "tr", "th", "td", "caption",
                                    "figure", "figcaption", "svg", "line", "text", "polyline", "circle", "ul", "li", "article",
                                    "dl", "dt", "dd", "br", "pre", "mark", "details", "summary", "ol", "footer", "#text"]
        #expect(names.isSubset(of: allowed), "unexpected elements: \(names.subtracting(allowed))")
        #expect(!names.contains("script") && !names.contains("img"))
        // No attribute came from the payload either (an `onerror=`/`onload=` would show up here).
        for e in dom.all() {
            for key in e.attributes.keys { #expect(!key.lowercased().hasPrefix("on"), "attribute \(key) on \(e.name)") }
        }
        // The payload is shown, verbatim, in the text: escaping lost nothing.
        let text = dom.root!.allText
        let expected = Self.shown(payload)
        #expect(text.components(separatedBy: expected).count - 1 >= 20, "payload shown in every place it was put")
        // A series named by the payload is still addressable as data.
        #expect(dom.polyline(expected)?.count == 2)
        #expect(dom.all("title").first?.allText == expected)
    }

    @Test func pageLoadsNothingAndRunsNothing() throws {
        let html = HTMLReport.render(Self.hostileReport("x"))
        let lower = html.lowercased()
        #expect(!lower.contains("<script") && !lower.contains("<link") && !lower.contains("<iframe"))
        #expect(!lower.contains("http://") || lower.components(separatedBy: "http://").dropFirst().allSatisfy {
            $0.hasPrefix("www.w3.org/")   // XML namespace names only: never fetched
        })
        #expect(!lower.contains("https://") && !lower.contains("url(") && !lower.contains("@import"))
        #expect(lower.contains("content-security-policy") && lower.contains("default-src 'none'"))
    }
}
