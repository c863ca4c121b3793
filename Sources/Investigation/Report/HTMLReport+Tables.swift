extension HTMLReport {
    /// Step 0: the verdict and the evidence per series.
    static func trend(_ r: InvestigationReport) -> String {
        guard let t = r.trend else { return "" }
        var s = "<section id=\"trend\"><h2>Step 0 · Is it a leak?</h2>"
        s += "<p><span class=\"badge \(badgeClass(t.verdict.rawValue))\" id=\"verdict\">\(e(t.verdict.rawValue))</span> \(e(t.summary))</p>"
        let key = t.series.filter { TrendAccumulator.keySeries.contains($0.name) }
        let growing = t.growingCaches.compactMap(t.series(named:)).prefix(20)
        let rows = key + growing
        guard !rows.isEmpty else { return s + "</section>\n" }
        let hours = rows.contains { $0.slopePerHour != nil }
        s += "<table class=\"numbers\"><thead><tr><th>series</th><th>unit</th><th>first</th><th>last</th><th>min</th><th>max</th><th>slope/sample</th>"
        if hours { s += "<th>slope/hour</th>" }
        s += "<th>r²</th><th>trend</th></tr></thead><tbody>"
        for x in rows {
            s += "<tr><td class=\"name\">\(e(x.name))</td><td>\(e(x.unit))</td>"
            for v in [x.first, x.last, x.min, x.max] { s += "<td>\(HTMLText.number(v))</td>" }
            s += "<td>\(HTMLText.number(x.slopePerSample))</td>"
            if hours { s += "<td>\(x.slopePerHour.map { HTMLText.number($0) } ?? "-")</td>" }
            s += "<td>\(HTMLText.number(x.r2, places: 2))</td><td class=\"\(x.sustained == .rising ? "up" : x.sustained == .falling ? "down" : "flat")\">\(x.sustained.rawValue)</td></tr>"
        }
        s += "</tbody></table>"
        if t.growingCaches.count > growing.count { s += "<p class=\"meta\">… \(t.growingCaches.count - growing.count) more growing caches</p>" }
        return s + "</section>\n"
    }

    /// Steps 1–3: the meminfo, slabinfo and heap-owner diffs.
    static func compare(_ r: InvestigationReport) -> String {
        guard let c = r.comparison else { return "" }
        var s = "<section id=\"compare\"><h2>Steps 1–3 · Compare</h2>"
        if let b = c.beforeSample, let a = c.afterSample { s += "<p class=\"meta\">before = sample \(b), after = sample \(a)</p>" }
        s += "<p><span class=\"badge \(badgeClass(c.verdict.kind.rawValue))\">\(e(c.verdict.kind.rawValue))</span> \(e(c.verdict.summary))</p>"
        s += "<p class=\"next\"><b>Next:</b> \(e(c.nextStep))</p>"

        let changed = c.meminfo.filter { $0.deltaKB != 0 }
        s += "<h3 id=\"meminfo-diff\">meminfo (kB)</h3>"
        if changed.isEmpty {
            s += "<p class=\"empty\">\(c.meminfo.isEmpty ? "No meminfo in the samples compared." : "No field changed.")</p>"
        } else {
            s += "<table class=\"numbers\" id=\"meminfo-table\"><thead><tr><th>field</th><th>before</th><th>after</th><th>delta</th></tr></thead><tbody>"
            for m in changed {
                s += "<tr><td class=\"name\">\(e(m.field))</td><td>\(HTMLText.integer(m.beforeKB))</td><td>\(HTMLText.integer(m.afterKB))</td>"
                s += "<td class=\"\(m.deltaKB > 0 ? "up" : "down")\">\(HTMLText.signed(m.deltaKB))</td></tr>"
            }
            s += "</tbody></table>"
        }

        let moved = c.slabinfo.filter { $0.deltaKiB != 0 || $0.beforeObjs != $0.afterObjs }
        s += "<h3 id=\"slabinfo-diff\">slabinfo (KiB, by bytes gained)</h3>"
        if moved.isEmpty {
            s += "<p class=\"empty\">\(c.slabinfo.isEmpty ? "No slabinfo in the samples compared." : "No cache changed.")</p>"
        } else {
            s += "<table class=\"numbers\" id=\"slabinfo-table\"><thead><tr><th>cache</th><th>before</th><th>after</th><th>delta</th><th>ratio</th><th>objects before → after</th></tr></thead><tbody>"
            for x in moved.prefix(cacheRows) {
                let ratio = x.growthRatio.map { "×" + HTMLText.number($0) } ?? "new"
                s += "<tr><td class=\"name\">\(e(x.cache))</td><td>\(x.beforeKiB)</td><td>\(x.afterKiB)</td>"
                s += "<td class=\"\(x.deltaKiB > 0 ? "up" : x.deltaKiB < 0 ? "down" : "flat")\">\(HTMLText.signed(x.deltaKiB))</td><td>\(ratio)</td><td>\(x.beforeObjs) → \(x.afterObjs)</td></tr>"
            }
            s += "</tbody></table>"
            if moved.count > cacheRows { s += "<p class=\"meta\">… \(moved.count - cacheRows) more caches changed</p>" }
        }
        if let check = c.slabCheck {
            s += "<p class=\"meta\">Σ cache growth \(HTMLText.signed(check.cacheSumDeltaKiB)) KiB vs meminfo ΔSlab \(HTMLText.signed(check.meminfoSlabDeltaKB)) kB: \(check.agrees ? "agree" : "disagree")</p>"
        }
        if !c.notes.isEmpty {
            s += "<h3>What the growing caches mean</h3><ul class=\"rules\">"
            for n in c.notes {
                s += "<li><b>\(e(n.cache))</b> <code>\(e(n.pattern))</code>: \(e(n.meaning))<br/>→ \(e(n.nextStep))</li>"
            }
            s += "</ul>"
        }

        s += "<h3 id=\"heap-diff\">Heap owners</h3>"
        if c.heaps.isEmpty {
            s += "<p class=\"empty\">No MMA heap dump in the samples compared.</p>"
        }
        for h in c.heaps {
            s += "<table class=\"numbers heap\"><caption>heap \(e(h.heap)): used chunks by owner</caption><thead><tr><th>owner</th><th>chunks before → after</th><th>bytes before</th><th>bytes after</th><th>delta</th></tr></thead><tbody>"
            for o in h.owners {
                s += "<tr><td class=\"name\">\(e(o.owner))</td><td>\(o.beforeChunks) → \(o.afterChunks)</td><td>\(o.beforeBytes)</td><td>\(o.afterBytes)</td>"
                s += "<td class=\"\(o.deltaBytes > 0 ? "up" : o.deltaBytes < 0 ? "down" : "flat")\">\(HTMLText.signed(o.deltaBytes))</td></tr>"
            }
            s += "</tbody></table>"
        }
        return s + "</section>\n"
    }
}
