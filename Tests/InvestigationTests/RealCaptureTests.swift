import Testing
import Foundation
@testable import Investigation
import Captures

/// Captures recorded on a real kernel with the collector script under busybox sh
/// (`Fixtures/record.sh`): `grown.txt` while a process of ours filled a private tmpfs with empty
/// files (each pins a shmem_inode_cache object and a dentry), `idle.txt` with nothing started.
@Suite struct RealCaptureTests {
    static let grown = InvestigationFixture.recordedPath("grown.txt")
    static let idle = InvestigationFixture.recordedPath("idle.txt")

    /// Independent reading of the capture: the shmem_inode_cache row of each sample
    /// (num_slabs × pagesperslab), by splitting lines, not with the parser under test.
    static func rawPages(_ path: String, cache: String) throws -> [Int64] {
        try InvestigationFixture.text(path).split(separator: "\n")
            .filter { $0.hasPrefix(cache + " ") }
            .map { line in
                let f = line.split(separator: " ")
                return Int64(f[14])! * Int64(f[5])!
            }
    }

    @Test func grownCaptureIsALeakOfTheGrownCache() throws {
        var acc = TrendAccumulator()
        let seg = try CaptureFile.forEachSample(path: Self.grown) { acc.add($0) }
        let t = acc.analysis()
        let pages = try Self.rawPages(Self.grown, cache: "shmem_inode_cache")
        #expect(t.samples == pages.count)
        #expect(t.samples >= 8)
        #expect(t.verdict == .leaking)
        #expect(t.growingCaches.first == "shmem_inode_cache")
        let s = try #require(t.series(named: "shmem_inode_cache"))
        #expect(s.first == Double(pages.first! * 4))
        #expect(s.last == Double(pages.last! * 4))
        #expect(s.sustained == .rising)
        #expect(s.slopePerHour != nil)  // the collector's markers carry the time
        #expect(t.series(named: "SUnreclaim")?.sustained == .rising)
        // Nothing in the collector's output is left unread.
        #expect(seg.skippedCounts.isEmpty, "skipped: \(seg.skipped.prefix(3))")
    }

    @Test func compareNamesTheGrownCacheWithItsExactGrowth() throws {
        var sel = ComparisonSelector()
        try CaptureFile.forEachSample(path: Self.grown) { sel.add($0) }
        let c = Comparison.compute(before: sel.first, after: sel.last)
        let pages = try Self.rawPages(Self.grown, cache: "shmem_inode_cache")
        let expectedKiB = (pages.last! - pages.first!) * 4
        #expect(expectedKiB > 10_000)
        #expect(c.verdict.kind == .slab)
        let top = try #require(c.slabinfo.first)
        #expect(top.cache == "shmem_inode_cache")
        #expect(top.deltaKiB == expectedKiB)
        #expect(c.verdict.summary.contains("shmem_inode_cache +\(expectedKiB) KiB"))
        #expect(c.notes.first?.pattern == "shmem_inode_cache")
        #expect(c.nextStep.contains("tmpfs"))
        // The meminfo side of the same story: SUnreclaim grew, by the text's own numbers.
        let su = InvestigationFixture.text
        let lines = try su(Self.grown).split(separator: "\n").filter { $0.hasPrefix("SUnreclaim:") }
            .map { Int64($0.split(separator: " ")[1])! }
        #expect(c.meminfo.first { $0.field == "SUnreclaim" }?.deltaKB == lines.last! - lines.first!)
    }

    @Test func idleCaptureIsNoLeak() throws {
        var acc = TrendAccumulator()
        try CaptureFile.forEachSample(path: Self.idle) { acc.add($0) }
        let t = acc.analysis()
        #expect(t.samples >= 8)
        #expect(t.verdict == .stable || t.verdict == .inconclusive)
        #expect(!t.growingCaches.contains("shmem_inode_cache"))
    }
}
