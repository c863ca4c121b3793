import Foundation
import Testing
import Captures
@testable import Investigation

/// Numbers in a dump are text: values the parsers accept (up to 18 digits each) whose product or
/// sum does not fit used to trap — `num_slabs × pagesperslab × page size` in SlabCache.bytes, MMA
/// chunk lengths summed per owner, the slab Σ check. They now saturate and give a verdict.
@Suite struct HardeningInvestigationTests {
    static func capture(_ name: String) throws -> Capture {
        Capture.parse(bytes: Array(try Data(contentsOf: InvestigationFixture.recorded.appendingPathComponent("hardening/\(name)"))))
    }

    @Test("slab rows whose byte size overflows Int64: trend and compare saturate")
    func slabOverflow() throws {
        let capture = try Self.capture("slab-overflow.txt")
        try #require(capture.samples.count == 6)
        let row = try #require(capture.samples[0].slabinfo?.rows.first)
        #expect(row.bytes() == .max, "999999999999 slabs × 99999999 pages × 4096 saturates")
        #expect(row.bytes(pageSize: -4096) == .min)
        #expect(capture.samples[0].slabinfo?.totalBytes() == .max)
        var trend = TrendAccumulator(pageSize: 4096)
        for sample in capture.samples { trend.add(sample) }
        #expect(!trend.analysis().renderText().isEmpty)
        for page in [Int64(4096), 1 << 62, -4096] {
            let comparison = Comparison.compute(before: ComparisonSide(capture.samples[0]),
                                                after: ComparisonSide(capture.samples[5]), pageSize: page)
            #expect(comparison.renderText().contains("verdict"))
            // Every row saturates in both samples, so the cache deltas are 0 — like meminfo's Slab.
            #expect(comparison.slabinfo.allSatisfy { $0.deltaKiB == 0 })
        }
    }

    @Test("MMA chunk lengths that add up past 2^64: owner sums saturate")
    func heapOverflow() throws {
        let capture = try Self.capture("heap-overflow.txt")
        let sample = try #require(capture.samples.first)
        try #require(sample.heaps.first?.chunks.count == 3)
        let empty = ComparisonSide(CaptureSample())
        let grown = Comparison.compute(before: empty, after: ComparisonSide(sample))
        let owner = try #require(grown.heaps.first?.owners.first)
        #expect(owner.owner == "app-mmaAlloc" && owner.afterChunks == 3)
        #expect(owner.afterBytes == .max)
        #expect(owner.deltaBytes == .max)
        let shrunk = Comparison.compute(before: ComparisonSide(sample), after: empty)
        #expect(shrunk.heaps.first?.owners.first?.deltaBytes == -Int64.max)
        #expect(!grown.renderText().isEmpty && !shrunk.renderText().isEmpty)
    }
}
