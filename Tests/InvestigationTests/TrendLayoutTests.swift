import Testing
@testable import Investigation
import Captures

/// Slab rows are matched to series by place, then by name: caches that appear, vanish, or share
/// a name must still land in the right series.
@Suite struct TrendLayoutTests {
    static func row(_ name: String, _ slabs: Int64) -> SlabCache {
        SlabCache(name: name, activeObjs: 1, numObjs: 1, objSize: 64, objPerSlab: 64, pagesPerSlab: 1,
                  activeSlabs: slabs, numSlabs: slabs)
    }

    @Test func duplicatesInsertionsAndRemovals() throws {
        let layouts: [[SlabCache]] = [
            [Self.row("A", 1), Self.row("B", 10), Self.row("A", 100)],
            [Self.row("X", 7), Self.row("A", 2), Self.row("B", 20), Self.row("A", 200)],
            [Self.row("A", 3), Self.row("A", 300)],
            [Self.row("A", 4), Self.row("B", 40), Self.row("A", 400)],
        ]
        var acc = TrendAccumulator(pageSize: 4096)
        for (i, rows) in layouts.enumerated() {
            acc.add(CaptureSample(index: i, slabinfo: Slabinfo(version: "2.1", rows: rows)))
        }
        let t = acc.analysis()
        // KiB = slabs × 1 page × 4 KiB.
        func series(_ n: String) throws -> TrendSeries { try #require(t.series(named: n)) }
        #expect(try series("A").first == 4)
        #expect(try series("A").last == 16)
        #expect(try series("A").count == 4)
        #expect(try series("A#2").first == 400)
        #expect(try series("A#2").last == 1600)
        #expect(try series("A#2").count == 4)
        #expect(try series("B").count == 3)
        #expect(try series("B").last == 160)
        #expect(try series("X").count == 1)
    }
}
