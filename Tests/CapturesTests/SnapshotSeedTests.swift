import Testing
@testable import Captures

/// The seed's own text: two full snapshots (meminfo, slabinfo, `free`) and the `Mem:` series,
/// blank line between every line, Chinese prose around them.
@Suite struct SnapshotSeedTests {
    @Test func startSnapshotIsOneSampleWithAllThreeDumps() throws {
        let capture = Capture.parse(bytes: try SnapshotFixture.bytes("seed-snapshot-start.txt"))
        #expect(capture.samples.count == 1)
        let s = try #require(capture.samples.first)
        let meminfo = try #require(s.meminfo)
        #expect(meminfo["MemTotal"] == 44792)
        #expect(meminfo["MemFree"] == 7904)
        #expect(meminfo["MemAvailable"] == 19716)
        #expect(meminfo["Slab"] == 14508)
        #expect(meminfo["SUnreclaim"] == 12624)
        #expect(meminfo["CmaFree"] == 1740)
        // Every `Key: N kB` line of the text is a field, in order.
        let expectedNames = try SnapshotFixture.rows("seed-snapshot-start.txt", startingWith: "")
            .filter { $0.count == 3 && $0[0].hasSuffix(":") && $0[2] == "kB" }.map { String($0[0].dropLast()) }
        #expect(meminfo.fields.map(\.name) == expectedNames)

        let slab = try #require(s.slabinfo)
        #expect(slab.version == "2.1")
        #expect(slab.allocator == .slub)
        let rows = try SnapshotFixture.rows("seed-snapshot-start.txt", startingWith: "").filter { $0.contains("slabdata") && $0[0] != "tunables" }
        #expect(slab.rows.count == rows.count)
        #expect(slab.rows.map(\.name) == rows.map { $0[0] })
        // The same name twice is two rows.
        let dup = slab.rows.filter { $0.name == "mi_sys_internal_inputtaskinfo_cachep" }
        #expect(dup.count == 2)
        #expect(dup.map(\.numSlabs) == [4, 2])
        let bufhandle = try #require(slab.rows.first { $0.name == "mi_sys_bufhandle_cachep" })
        #expect(bufhandle.numSlabs == 12)
        #expect(bufhandle.pagesPerSlab == 8)
        #expect(bufhandle.objSize == 16384)
        #expect(bufhandle.bytes() == 12 * 8 * 4096)

        let free = try #require(s.free)
        #expect(free.total == 44792)
        #expect(free.free == 7888)
        #expect(free.buffers == 2396)
        #expect(free.adjustedUsed == 34508)
        #expect(free.adjustedFree == 10284)
        #expect(free.swapTotal == 0)
    }

    @Test func bothSnapshotsInOneLogAreTwoSamples() throws {
        var bytes = try SnapshotFixture.bytes("seed-snapshot-start.txt")
        bytes += try SnapshotFixture.bytes("seed-snapshot-leak.txt")
        let capture = Capture.parse(bytes: bytes)
        #expect(capture.samples.count == 2)
        #expect(capture.samples.map { $0.meminfo?["SUnreclaim"] } == [12624, 28468])
        #expect(capture.samples.map { $0.free?.free } == [7888, 1004])
        #expect(capture.samples.map { $0.slabinfo?.rows.first { $0.name == "g_mi_sys_chunk_cachep" }?.numSlabs } == [14, 193])
        // The prose lines were skipped, not parsed as data.
        #expect(capture.skippedCounts[.unrecognized, default: 0] >= 2)
    }

    @Test func memSeriesIsOneSamplePerLine() throws {
        let capture = Capture.parse(bytes: try SnapshotFixture.bytes("seed-free-series.txt"))
        let mem = try SnapshotFixture.rows("seed-free-series.txt", startingWith: "Mem:")
        #expect(mem.count == 27)
        #expect(capture.samples.count == mem.count)
        #expect(capture.samples.map { $0.free?.free } == mem.map { Int64($0[3]) })
        #expect(capture.samples.map { $0.free?.buffers } == mem.map { Int64($0[5]) })
        #expect(capture.samples.first?.free?.free == 4644)
        #expect(capture.samples.last?.free?.free == 1004)
    }
}
