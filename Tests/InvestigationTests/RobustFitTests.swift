import Testing
@testable import Investigation
import Captures

/// The verdict's statistics on series whose answer is known by construction.
@Suite struct RobustFitTests {
    static func trend(_ values: [Int64], memTotal: Int64 = 44792) -> TrendAnalysis {
        var acc = TrendAccumulator()
        for (i, v) in values.enumerated() {
            acc.add(CaptureSample(index: i, meminfo: Meminfo(fields: [
                .init(name: "MemTotal", value: memTotal), .init(name: "MemAvailable", value: 20000 - v),
                .init(name: "SUnreclaim", value: 10000 + v),
            ])))
        }
        return acc.analysis()
    }

    @Test func theilSenIgnoresAnOutlier() throws {
        let xs = (0..<20).map(Double.init)
        var ys = xs.map { 100 + 3 * $0 }
        ys[7] = 10_000
        let fit = try #require(RobustFit.theilSen(xs, ys))
        #expect(abs(fit.slope - 3) < 1e-9)
        #expect(abs(fit.intercept - 100) < 1e-9)
    }

    @Test func steadyRiseIsALeak() {
        let t = Self.trend((0..<20).map { Int64($0) * 100 + ($0 % 3 == 0 ? 40 : -30) })
        #expect(t.verdict == .leaking)
        #expect(t.series(named: "SUnreclaim")?.sustained == .rising)
        #expect(abs((t.series(named: "SUnreclaim")?.slopePerSample ?? 0) - 100) < 15)
    }

    @Test func oneDropIsNotALeak() {
        let t = Self.trend((0..<20).map { $0 < 10 ? 0 : 3000 })
        #expect(t.verdict == .inconclusive)
    }

    @Test func noiseIsStable() {
        var rng = UInt64(42)
        let noise: [Int64] = (0..<30).map { _ in
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int64(rng >> 33) % 400 - 200
        }
        #expect(Self.trend(noise).verdict == .stable)
    }

    @Test func tooFewSamplesIsInconclusive() {
        #expect(Self.trend([0, 1000, 2000]).verdict == .inconclusive)
    }

    @Test func riseBelowTheFloorIsNotALeak() {
        // 10 kB over the capture on a 1 GB machine: real but not a leak worth chasing.
        let t = Self.trend((0..<20).map { Int64($0) / 2 }, memTotal: 1_000_000)
        #expect(t.verdict != .leaking)
    }

    @Test func boundedSeriesKeepsExactEndsOverAMillionSamples() {
        var s = SeriesAccumulator(name: "x", unit: "kB")
        for i in 0..<1_000_000 { s.add(x: Double(i), hours: nil, y: Double(i) * 2 + 5) }
        #expect(s.fitPoints.count <= SeriesAccumulator.capacity + 1)
        #expect(s.first == 5)
        #expect(s.last == 999_999 * 2 + 5)
        let pts = s.fitPoints
        let fit = RobustFit.theilSen(pts.map(\.x), pts.map(\.y))!
        #expect(abs(fit.slope - 2) < 1e-6)
        #expect(s.r2(slope: fit.slope, intercept: fit.intercept) > 0.999999)
    }
}
