/// Statistics robust to the noise of a memory counter: the Theil–Sen line (median of pairwise
/// slopes — one outlier or one drop does not tilt it) and the Mann–Kendall trend test.
enum RobustFit {
    /// Median of the slopes between all pairs of points (a strided subset of pairs when there are
    /// many points: the median of a large even sample is the same estimator, and the cost stays
    /// bounded). Points must be sorted by x.
    static func theilSen(_ xs: [Double], _ ys: [Double]) -> (slope: Double, intercept: Double)? {
        let n = xs.count
        guard n >= 2 else { return nil }
        var slopes: [Double] = []
        let pairs = n * (n - 1) / 2
        let stride = max(1, pairs / 40_000)
        slopes.reserveCapacity(min(pairs, 40_000) + 1)
        var k = 0
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n {
                k += 1
                if stride > 1, k % stride != 0 { continue }
                let dx = xs[j] - xs[i]
                if dx != 0 { slopes.append((ys[j] - ys[i]) / dx) }
            }
        }
        guard let slope = median(&slopes) else { return nil }
        var offsets = zip(xs, ys).map { $0.1 - slope * $0.0 }
        guard let intercept = median(&offsets) else { return nil }
        return (slope, intercept)
    }

    static func median(_ v: inout [Double]) -> Double? {
        guard !v.isEmpty else { return nil }
        v.sort()
        let m = v.count / 2
        return v.count % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2
    }

    /// Mann–Kendall: the z score of S = Σ sign(y_j − y_i) over i < j. |z| > 2.33 is a monotonic
    /// trend at one-sided p < 0.01. (No tie correction: that only makes the test stricter.)
    static func mannKendallZ(_ ys: [Double]) -> Double {
        let n = ys.count
        guard n >= 3 else { return 0 }
        var s = 0
        for i in 0..<(n - 1) {
            let yi = ys[i]
            for j in (i + 1)..<n {
                if ys[j] > yi { s += 1 } else if ys[j] < yi { s -= 1 }
            }
        }
        let nd = Double(n)
        let variance = nd * (nd - 1) * (2 * nd + 5) / 18
        if s == 0 { return 0 }
        return (Double(s) - (s > 0 ? 1 : -1)) / variance.squareRoot()
    }

    /// 1.4826 × median absolute residual: a standard deviation that ignores outliers.
    static func residualNoise(_ xs: [Double], _ ys: [Double], slope: Double, intercept: Double) -> Double {
        var r = zip(xs, ys).map { abs($0.1 - (intercept + slope * $0.0)) }
        return 1.4826 * (median(&r) ?? 0)
    }
}
