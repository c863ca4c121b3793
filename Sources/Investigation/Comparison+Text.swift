extension Comparison {
    /// The text report: verdict and next step first, then the meminfo, slabinfo and heap tables.
    public func renderText(cacheLimit: Int = 15) -> String {
        var out = ""
        if let b = beforeSample, let a = afterSample { out += "compare: before = sample \(b), after = sample \(a)\n" }
        out += "verdict: \(verdict.kind.rawValue)\n\(verdict.summary)\nnext step: \(nextStep)\n"
        let changed = meminfo.filter { $0.deltaKB != 0 }
        if !changed.isEmpty {
            out += "\nmeminfo (kB)" + String(repeating: " ", count: 14) + "before       after       delta\n"
            for m in changed {
                out += TrendAnalysis.pad(m.field, 20) + TrendAnalysis.left(m.beforeKB.map(String.init) ?? "-", 12)
                    + TrendAnalysis.left(m.afterKB.map(String.init) ?? "-", 12) + TrendAnalysis.left(Self.signed(m.deltaKB), 12) + "\n"
            }
        } else if !meminfo.isEmpty {
            out += "\nmeminfo: no field changed\n"
        }
        let moved = slabinfo.filter { $0.deltaKiB != 0 || $0.beforeObjs != $0.afterObjs }
        if !slabinfo.isEmpty {
            let width = Swift.max(24, moved.prefix(cacheLimit).map(\.cache.count).max() ?? 0)
            out += "\nslabinfo (KiB, by bytes gained)\n" + TrendAnalysis.pad("cache", width)
                + "      before       after       delta   ratio     objs before → after\n"
            for c in moved.prefix(cacheLimit) {
                let ratio = c.growthRatio.map { "×" + TrendAnalysis.fmt($0, 1) } ?? "new"
                out += TrendAnalysis.pad(c.cache, width) + TrendAnalysis.left(String(c.beforeKiB), 12)
                    + TrendAnalysis.left(String(c.afterKiB), 12) + TrendAnalysis.left(Self.signed(c.deltaKiB), 12)
                    + TrendAnalysis.left(ratio, 8) + "     \(c.beforeObjs) → \(c.afterObjs)\n"
            }
            if moved.count > cacheLimit { out += "… \(moved.count - cacheLimit) more caches changed (use --json)\n" }
            if let check = slabCheck {
                out += "Σ cache growth \(Self.signed(check.cacheSumDeltaKiB)) KiB vs meminfo ΔSlab \(Self.signed(check.meminfoSlabDeltaKB)) kB: "
                    + (check.agrees ? "agree\n" : "DISAGREE\n")
            }
        }
        if !notes.isEmpty {
            out += "\nwhat the growing caches mean (rules table):\n"
            for n in notes { out += "  \(n.cache) [\(n.pattern)]: \(n.meaning)\n    → \(n.nextStep)\n" }
        }
        for h in heaps {
            out += "\nheap \(h.heap) (used chunks by owner)\n" + TrendAnalysis.pad("owner", 20)
                + "  chunks before → after        bytes before → after          delta\n"
            for o in h.owners {
                out += TrendAnalysis.pad(o.owner, 20) + TrendAnalysis.left("\(o.beforeChunks) → \(o.afterChunks)", 23)
                    + TrendAnalysis.left("\(o.beforeBytes) → \(o.afterBytes)", 29) + TrendAnalysis.left(Self.signed(o.deltaBytes), 15) + "\n"
            }
        }
        return out
    }
}
