/// How one series is judged, and how the series add up to a verdict.
extension TrendAccumulator {
    static func evaluate(_ s: SeriesAccumulator, floor: Double, timed: Bool) -> TrendSeries {
        if s.min == s.max {
            // Flat (most caches of an idle system): nothing to fit.
            return TrendSeries(name: s.name, unit: s.unit, first: s.first, last: s.last, min: s.min, max: s.max,
                               count: s.count, slopePerSample: 0, slopePerHour: timed && s.allTimed && s.count > 1 ? 0 : nil,
                               r2: 0, trendZ: 0, fittedChange: 0, noise: 0, sustained: .flat,
                               profile: Array(repeating: s.first, count: Swift.min(s.count, 40)))
        }
        let pts = s.fitPoints
        let xs = pts.map(\.x), ys = pts.map(\.y)
        let fit = RobustFit.theilSen(xs, ys) ?? (0, s.first)
        var perHour: Double?
        if timed, s.allTimed, pts.allSatisfy({ $0.t != nil }) {
            let ts = pts.map { $0.t! }
            if let h = RobustFit.theilSen(ts, ys), (ts.last ?? 0) > (ts.first ?? 0) { perHour = h.slope }
        }
        let z = RobustFit.mannKendallZ(ys)
        let span = (xs.last ?? 0) - (xs.first ?? 0)
        let change = fit.slope * span
        let noise = RobustFit.residualNoise(xs, ys, slope: fit.slope, intercept: fit.intercept)
        var sustained = TrendSeries.Direction.flat
        if s.count >= 6, abs(z) > 2.33, abs(change) >= Swift.max(floor, 3 * noise), halvesAgree(xs, ys, fit.slope) {
            sustained = change > 0 ? .rising : .falling
        }
        return TrendSeries(name: s.name, unit: s.unit, first: s.first, last: s.last, min: s.min, max: s.max,
                           count: s.count, slopePerSample: fit.slope, slopePerHour: perHour,
                           r2: s.r2(slope: fit.slope, intercept: fit.intercept), trendZ: z,
                           fittedChange: change, noise: noise, sustained: sustained, profile: profile(ys))
    }

    /// A leak shows in both halves of the capture; a single drop (a step) shows in one.
    static func halvesAgree(_ xs: [Double], _ ys: [Double], _ slope: Double) -> Bool {
        let h = xs.count / 2
        guard h >= 3, slope != 0 else { return false }
        guard let a = RobustFit.theilSen(Array(xs[..<h]), Array(ys[..<h])),
              let b = RobustFit.theilSen(Array(xs[h...]), Array(ys[h...])) else { return false }
        let need = abs(slope) * 0.25
        return a.slope * slope > 0 && b.slope * slope > 0 && abs(a.slope) >= need && abs(b.slope) >= need
    }

    static func profile(_ ys: [Double], width: Int = 40) -> [Double] {
        guard ys.count > width else { return ys }
        return (0..<width).map { i in
            let a = i * ys.count / width, b = Swift.max(a + 1, (i + 1) * ys.count / width)
            return ys[a..<b].reduce(0, +) / Double(b - a)
        }
    }

    static func verdict(key: [TrendSeries], caches: [TrendSeries], growing: [TrendSeries],
                        samples: Int) -> (TrendAnalysis.Verdict, String) {
        func named(_ n: String) -> TrendSeries? { key.first { $0.name == n } }
        // Fewer samples than this, of the capture or of a judged series, tell no trend from noise.
        let minimumCount = 4
        guard samples >= minimumCount else {
            return (.inconclusive, "\(samples) sample(s): at least \(minimumCount) are needed to tell a trend from noise.")
        }
        // What is judged: unreclaimable memory rising, available memory falling. MemFree and the
        // `free` column move with the page cache and are only shown. Each from the series that
        // the most samples carry (a capture may hold 2 meminfo dumps among 50 `free` outputs);
        // a series carried by fewer than 4 samples cannot be judged, whatever the total.
        func best(_ names: [String]) -> TrendSeries? {
            names.compactMap(named).enumerated().max { a, b in
                a.element.count != b.element.count ? a.element.count < b.element.count : a.offset > b.offset
            }?.element
        }
        var roles: [(TrendSeries, TrendSeries.Direction)] = []
        if let u = best(["SUnreclaim", "Slab"]) { roles.append((u, .rising)) }
        if let a = best(["MemAvailable", "available"]) { roles.append((a, .falling)) }
        if roles.isEmpty, !caches.isEmpty {
            // slabinfo alone: every cache is unreclaimable as far as we can tell.
            roles = caches.map { ($0, .rising) }
        }
        guard !roles.isEmpty else {
            return (.inconclusive, "No meminfo, free or slabinfo series in \(samples) samples.")
        }
        let judged = roles.filter { $0.0.count >= minimumCount }
        let short = roles.filter { $0.0.count < minimumCount }
        let shortText = short.prefix(3).map { "\($0.0.name) is in \($0.0.count) of \(samples) samples" }.joined(separator: ", ")
        guard !judged.isEmpty else {
            return (.inconclusive, "Too few samples of what is judged: \(shortText); at least \(minimumCount) of one series are needed to tell a trend from noise.")
        }
        let hits = judged.filter { $0.0.sustained == $0.1 }
        let cacheText = growing.prefix(3).map { "\($0.name) +\(Int($0.fittedChange)) KiB" }.joined(separator: ", ")
        if !hits.isEmpty {
            let what = hits.map { s, _ in
                "\(s.name) \(s.fittedChange > 0 ? "rose" : "fell") \(Int(abs(s.fittedChange))) \(s.unit) (\(Int(s.first)) → \(Int(s.last)), r² \(TrendSeries.rounded(s.r2, places: 2)))"
            }.joined(separator: "; ")
            let tail = cacheText.isEmpty ? "" : "; caches growing: \(cacheText)"
            return (.leaking, "Leaking over \(samples) samples: \(what)\(tail).")
        }
        // Significant movement in the bad direction that is too small or not sustained (one drop).
        let suspicious = judged.filter { s, d in
            let signed = d == .rising ? s.trendZ : -s.trendZ
            return signed > 2.33
        }
        if !suspicious.isEmpty {
            let names = suspicious.map { "\($0.0.name) (\(Int($0.0.first)) → \(Int($0.0.last)) \($0.0.unit))" }.joined(separator: ", ")
            return (.inconclusive, "Moved but not as a sustained leak (a single step, or within the noise): \(names); capture longer.")
        }
        let tail = cacheText.isEmpty ? "" : " Caches still growing: \(cacheText)."
        if !short.isEmpty {
            // Flat where it was measured, but one of the two questions was not asked often enough.
            let flat = judged.map { "\($0.0.name) (\($0.0.count) samples)" }.joined(separator: ", ")
            return (.inconclusive, "No sustained trend in \(flat), but \(shortText): capture those in every sample.\(tail)")
        }
        return (.stable, "No sustained rise of unreclaimable memory or fall of available memory over \(samples) samples.\(tail)")
    }
}
