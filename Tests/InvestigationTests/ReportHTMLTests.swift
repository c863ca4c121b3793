import Testing
import Foundation
@testable import Investigation
import Captures

/// The HTML report as a pure rendering: the seed's investigation in, a page out that a strict
/// XML parser accepts and that holds the numbers of the captures.
@Suite struct ReportHTMLTests {
    /// The seed's two snapshots and two heap dumps, as `report` reads four files in a row.
    static func seedReport() throws -> (InvestigationReport, [CaptureSample]) {
        var samples: [CaptureSample] = []
        for name in ["seed-snapshot-start.txt", "seed-snapshot-leak.txt", "mma-heap-start.txt", "mma-heap-leak.txt"] {
            samples += try CaptureFile.capture(path: InvestigationFixture.seedPath(name)).samples.filter { !$0.isEmpty }
        }
        var trend = TrendAccumulator()
        var selector = ComparisonSelector()
        for s in samples { trend.add(s); selector.add(s) }
        var report = InvestigationReport(trend: trend.analysis(),
                                         comparison: Comparison.compute(before: selector.first, after: selector.last))
        report.chart(samples: samples)
        report.checklist = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples))
        return (report, samples)
    }

    @Test func seedPageParsesStrictlyAndHoldsTheSeedsNumbers() throws {
        let (report, samples) = try Self.seedReport()
        let dom = try ReportDOM.parse(HTMLReport.render(report))

        // MemFree: one point per sample that printed meminfo, falling (y grows downwards).
        let withMeminfo = samples.filter { $0.meminfo != nil }.count
        let memFree = try #require(dom.polyline("MemFree"))
        #expect(memFree.count == withMeminfo)
        #expect(memFree.count == 2)
        #expect(memFree[1].1 > memFree[0].1, "MemFree 7904 → 2036 kB is drawn going down")
        let slab = try #require(dom.polyline("SUnreclaim"))
        #expect(slab[1].1 < slab[0].1, "SUnreclaim 12624 → 28468 kB is drawn going up")
        for name in ["MemAvailable", "Slab"] { #expect(dom.polyline(name)?.count == withMeminfo) }

        // The caches charted are the seed's three mi_sys caches — read independently from the text.
        let before = InvestigationFixture.slabPages(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-start.txt"))))
        let after = InvestigationFixture.slabPages(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-leak.txt"))))
        let grown = after.keys.filter { before[$0] != nil }
            .map { ($0, (after[$0]![0] - before[$0]![0]) * 4) }.sorted { $0.1 > $1.1 }
        let top3 = Set(grown.prefix(3).map(\.0))
        #expect(top3 == ["g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "mi_sys_bufhandle_cachep"])
        let charted = Set(dom.all("polyline").compactMap { $0.attributes["data-series"] }
            .filter { !["MemFree", "MemAvailable", "Slab", "SUnreclaim", "free", "available"].contains($0) })
        #expect(charted == top3)

        // The slabinfo diff rows carry the same deltas.
        let table = try #require(dom.element(id: "slabinfo-table"))
        for (name, delta) in grown.prefix(3) {
            let row = try #require(table.children.flatMap(\.children).first { $0.children.first?.allText == name })
            #expect(row.children.map(\.allText).contains("+\(delta)"), "\(name) +\(delta) KiB")
        }
        // Meminfo diff and heap owners.
        let mem = try #require(dom.element(id: "meminfo-table")).allText
        #expect(mem.contains("SUnreclaim") && mem.contains("12624") && mem.contains("28468") && mem.contains("+15844"))
        let heap = try #require(dom.all("table", where: { $0.attributes["class"] == "numbers heap" }).first).allText
        #expect(heap.contains("app-mmaAlloc") && heap.contains("2 → 7"))

        // Verdicts and the checklist.
        #expect(dom.element(id: "verdict")?.allText == report.trend!.verdict.rawValue)
        #expect(dom.element(id: "compare-verdict")?.attributes["data-value"] == "slab")
        let steps = dom.all("tr", where: { $0.attributes["data-step"] != nil })
        #expect(steps.map { $0.attributes["data-step"]! } == ["0", "1", "2", "3", "4"])
        #expect(steps.map { $0.attributes["data-state"]! } == report.checklist!.steps.map(\.status.rawValue))
        #expect(steps[3].attributes["data-state"] == "done", "heap owner app-mmaAlloc found")
    }

    @Test func everySamplesIsAPointOnALongRecordedCapture() throws {
        let capture = try CaptureFile.capture(path: InvestigationFixture.recordedPath("grown.txt"))
        var report = InvestigationReport()
        report.chart(samples: capture.samples)
        let dom = try ReportDOM.parse(HTMLReport.render(report))
        let n = capture.samples.filter { $0.meminfo != nil }.count
        #expect(n > 4)
        #expect(dom.polyline("MemFree")?.count == n)
        #expect(dom.element(id: "sample-count")?.attributes["data-samples"] == String(capture.samples.count))
        // x strictly increasing, inside the drawing.
        let xs = try #require(dom.polyline("MemFree")).map(\.0)
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
        #expect(xs.allSatisfy { $0 >= 0 && $0 <= 760 })
    }

    @Test func longCapturesAreThinnedNotTruncated() {
        var collector = SampleSeriesCollector(capacity: 8)
        for i in 0..<20 {
            collector.add(CaptureSample(index: i, meminfo: Meminfo(fields: [.init(name: "MemFree", value: Int64(1000 - i))])))
        }
        let points = collector.meminfoSeries[0].points
        #expect(points.count <= 8 && points.count >= 4)
        #expect(points.first!.sample <= 3 && points.last!.sample >= 18, "the whole capture is still covered")
        // Every point averages the same number of samples (the last may hold fewer): each
        // point's value is 1001 minus its mean sample number, exactly as the raw series.
        for p in points { #expect(abs(p.value - (1001 - p.sample)) < 1e-9) }
        let xs = points.map(\.sample)
        #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
        // With room to spare nothing is thinned.
        var roomy = SampleSeriesCollector(capacity: 100)
        for i in 0..<20 { roomy.add(CaptureSample(index: i, meminfo: Meminfo(fields: [.init(name: "MemFree", value: 5)]))) }
        #expect(roomy.meminfoSeries[0].points.map(\.sample) == (1...20).map(Double.init))
    }

    @Test func axisBoundsAreRoundAndCoverTheValues() {
        for (lo, hi) in [(2036.0, 29252.0), (0, 1), (5, 5), (-3, 7), (1e9, 1e9 + 5)] {
            let (a, b, step) = SVGLineChart.axis(lo, hi)
            #expect(a <= lo && b >= hi && step > 0)
            #expect((b - a) / step <= 8)
        }
        #expect(SVGLineChart.sampleTicks(1) == [1])
        #expect(SVGLineChart.sampleTicks(27).first == 1 && SVGLineChart.sampleTicks(27).last == 27)
        #expect(SVGLineChart.sampleTicks(100_000).count <= 9)
    }
}
