import Testing
@testable import Investigation
import Captures

/// The verdict kind on meminfo pairs whose answer is known by construction (a 44 MB board's
/// numbers from the seed, with one consumer changed at a time).
@Suite struct ComparisonKindTests {
    static let base: [(String, Int64)] = [
        ("MemTotal", 44792), ("MemFree", 7904), ("MemAvailable", 19716), ("Buffers", 2396), ("Cached", 10744),
        ("AnonPages", 1668), ("Slab", 14508), ("SReclaimable", 1884), ("SUnreclaim", 12624),
        ("KernelStack", 544), ("PageTables", 164), ("VmallocUsed", 0), ("CmaTotal", 2048), ("CmaFree", 1740),
    ]

    static func side(_ changes: [String: Int64]) -> ComparisonSide {
        ComparisonSide(meminfo: Meminfo(fields: base.map { .init(name: $0.0, value: $0.1 + (changes[$0.0] ?? 0)) }))
    }

    static func kind(_ changes: [String: Int64]) -> Comparison.Kind {
        Comparison.compute(before: side([:]), after: side(changes)).verdict.kind
    }

    @Test func eachConsumerIsNamed() {
        #expect(Self.kind(["SUnreclaim": 3000, "Slab": 3000, "MemFree": -3000, "MemAvailable": -3000]) == .slab)
        #expect(Self.kind(["AnonPages": 3000, "MemFree": -3000, "MemAvailable": -3000]) == .anon)
        #expect(Self.kind(["VmallocUsed": 3000, "MemFree": -3000, "MemAvailable": -3000]) == .vmalloc)
        #expect(Self.kind(["CmaFree": -1500, "MemFree": -1500, "MemAvailable": -1500]) == .cma)
        // Pages gone from MemFree and from every other counter: a driver's alloc_pages.
        #expect(Self.kind(["MemFree": -3000, "MemAvailable": -3000]) == .unaccounted)
        #expect(Self.kind(["Cached": 3000, "MemFree": -3000]) == .pageCache)
        #expect(Self.kind(["MemFree": -20, "Cached": 20]) == .none)
    }

    @Test func unreclaimableGrowthBeatsALargerPageCacheGrowth() {
        #expect(Self.kind(["Cached": 9000, "SUnreclaim": 2000, "Slab": 2000, "MemFree": -11000, "MemAvailable": -2000]) == .slab)
    }

    @Test func selectorPicksTheAskedSamples() {
        var sel = ComparisonSelector(from: 2, to: 3)
        for i in 0..<5 {
            sel.add(CaptureSample(index: i, meminfo: Meminfo(fields: [.init(name: "MemFree", value: Int64(100 * i))])))
        }
        #expect(sel.first.meminfo?["MemFree"] == 100)
        #expect(sel.last.meminfo?["MemFree"] == 200)
        #expect(sel.first.meminfoSample == 2)
        #expect(sel.last.meminfoSample == 3)
    }

    @Test func selectorTakesEachDumpFromTheNearestSampleThatPrintedIt() {
        // The seed's layout: a `free`-only series, then a full snapshot.
        var sel = ComparisonSelector()
        sel.add(CaptureSample(index: 0, free: FreeReport(total: 10, used: 5, free: 5)))
        sel.add(CaptureSample(index: 1, meminfo: Meminfo(fields: [.init(name: "MemFree", value: 7)])))
        sel.add(CaptureSample(index: 2, meminfo: Meminfo(fields: [.init(name: "MemFree", value: 3)])))
        sel.add(CaptureSample(index: 3, free: FreeReport(total: 10, used: 9, free: 1)))
        #expect(sel.first.meminfo?["MemFree"] == 7)
        #expect(sel.last.meminfo?["MemFree"] == 3)
    }
}
