import Foundation
import Testing
@testable import Investigation
import Captures

/// A series is judged by the samples that carry it, not by the capture's total: two meminfo
/// dumps among many `free` outputs do not make "stable".
@Suite struct TrendCoverageTests {
    /// Texts joined into one capture file, in order (a console log that holds them all).
    static func analyse(_ paths: [String]) throws -> TrendAnalysis {
        let joined = try paths.map { try InvestigationFixture.text($0) }.joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-trend-\(UUID().uuidString).txt")
        try joined.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var accumulator = TrendAccumulator()
        try CaptureFile.forEachSample(path: url.path) { accumulator.add($0) }
        return accumulator.analysis()
    }

    /// The seed's two snapshots (meminfo + slabinfo) and its 27 `Mem:` lines: the 29 samples of
    /// the available estimate (each snapshot holds one too) fall, so it is a leak — not "stable" from two meminfo points.
    @Test func seedSnapshotsAndFreeSeries() throws {
        let t = try Self.analyse([InvestigationFixture.seedPath("seed-snapshot-start.txt"),
                                  InvestigationFixture.seedPath("seed-snapshot-leak.txt"),
                                  InvestigationFixture.seedPath("seed-free-series.txt")])
        #expect(t.samples == 29)
        #expect(try #require(t.series(named: "MemAvailable")).count == 2)
        #expect(try #require(t.series(named: "available")).count == 29)
        #expect(t.verdict == .leaking, "\(t.summary)")
        #expect(t.summary.contains("available fell"), "\(t.summary)")
    }

    /// Two samples recorded on this machine with meminfo, then 50 `free` outputs (procps, this
    /// machine, Fixtures/free-50.txt): unreclaimable memory is in 2 samples only, so the answer
    /// is "inconclusive", and says which series was short.
    @Test func twoMeminfoSamplesAmongFiftyFree() throws {
        let idle = try InvestigationFixture.text(InvestigationFixture.recordedPath("idle.txt"))
        let end = try #require(idle.range(of: "### slabhound end 2\n"))
        let twoSamples = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-idle2-\(UUID().uuidString).txt")
        try String(idle[..<end.upperBound]).write(to: twoSamples, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: twoSamples) }

        let t = try Self.analyse([twoSamples.path, InvestigationFixture.recordedPath("free-50.txt")])
        #expect(t.samples == 52)
        #expect(try #require(t.series(named: "SUnreclaim")).count == 2)
        #expect(try #require(t.series(named: "available")).count == 52)
        #expect(t.verdict == .inconclusive, "\(t.summary)")
        #expect(t.summary.contains("SUnreclaim is in 2 of 52 samples"), "\(t.summary)")
    }
}
