import Captures

extension TrendAnalysis {
    /// The text report: verdict, then one line per key series and per growing cache, with a
    /// sparkline each.
    public func renderText(skippedCounts: [CaptureSkip.Reason: Int] = [:], cacheLimit: Int = 20) -> String {
        var out = "verdict: \(verdict.rawValue)\n\(summary)\n\n"
        let key = series.filter { TrendAccumulator.keySeries.contains($0.name) }
        let caches = series.filter { !TrendAccumulator.keySeries.contains($0.name) }
        let growing = growingCaches.compactMap { n in caches.first { $0.name == n } }
        var rows = key
        rows += growing.prefix(cacheLimit)
        if growing.isEmpty {
            // Nothing grew in a sustained way: show the caches that moved most, for the record.
            rows += caches.filter { $0.last != $0.first }.sorted { abs($0.fittedChange) > abs($1.fittedChange) }.prefix(5)
        }
        let hasHours = rows.contains { $0.slopePerHour != nil }
        let nameWidth = Swift.max(12, rows.map(\.name.count).max() ?? 0)
        out += Self.pad("series", nameWidth) + "  unit      first       last        min        max   slope/sample" + (hasHours ? "    slope/hour" : "") + "     r²  trend\n"
        for s in rows {
            var line = Self.pad(s.name, nameWidth) + "  " + Self.pad(s.unit, 4)
            for v in [s.first, s.last, s.min, s.max] { line += Self.left(String(Int64(v)), 11) }
            line += Self.left(Self.fmt(s.slopePerSample), 15)
            if hasHours { line += Self.left(s.slopePerHour.map { Self.fmt($0) } ?? "-", 14) }
            line += Self.left(Self.fmt(s.r2, 2), 7) + "  " + Sparkline.render(s.profile)
            if s.sustained != .flat { line += "  " + s.sustained.rawValue }
            out += line + "\n"
        }
        if growing.count > cacheLimit { out += "… \(growing.count - cacheLimit) more growing caches (use --json)\n" }
        out += "\n\(samples) samples, \(caches.count) caches tracked"
        let skipped = skippedCounts.values.reduce(0, +)
        if skipped > 0 {
            out += "; skipped \(skipped) lines (" + skippedCounts.sorted { $0.value > $1.value }
                .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ") + ")"
        }
        return out + "\n"
    }

    static func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    static func left(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }

    static func fmt(_ v: Double, _ places: Int = 1) -> String {
        let r = TrendSeries.rounded(v, places: places)
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return String(r)
    }
}
