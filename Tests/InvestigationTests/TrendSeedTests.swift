import Testing
import Foundation
@testable import Investigation
import Captures

/// Step 0 on the seed's `Mem:` series (27 samples of `free`, noisy, not monotonic).
@Suite struct TrendSeedTests {
    @Test func seedMemSeriesIsALeak() throws {
        var acc = TrendAccumulator()
        try CaptureFile.forEachSample(path: InvestigationFixture.seedPath("seed-free-series.txt")) { acc.add($0) }
        let t = acc.analysis()
        #expect(t.samples == 27)
        #expect(t.verdict == .leaking)
        let free = try #require(t.series(named: "free"))
        #expect(free.first == 4644)
        #expect(free.last == 1004)
        #expect(free.slopePerSample < 0)
        #expect(free.slopePerHour == nil)  // no timestamps in the seed
        // Independent: the free column's values from the text.
        let values = try InvestigationFixture.text(InvestigationFixture.seedPath("seed-free-series.txt"))
            .split(separator: "\n").filter { $0.hasPrefix("Mem:") }.map { Double($0.split(separator: " ")[3])! }
        #expect(free.min == values.min())
        #expect(free.max == values.max())
        // The judged series is the available estimate (free + buffers here), which fell.
        let avail = try #require(t.series(named: "available"))
        #expect(avail.sustained == .falling)
    }

    @Test func jsonHasExactlyTheIssueShape() throws {
        var acc = TrendAccumulator()
        try CaptureFile.forEachSample(path: InvestigationFixture.seedPath("seed-free-series.txt")) { acc.add($0) }
        let obj = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(acc.analysis())) as! [String: Any]
        #expect(Set(obj.keys) == ["samples", "verdict", "series", "growing_caches", "summary"])
        let s = (obj["series"] as! [[String: Any]])[0]
        #expect(Set(s.keys) == ["name", "unit", "first", "last", "slope_per_sample", "slope_per_hour", "r2"])
        #expect(s["slope_per_hour"] is NSNull)
    }
}
