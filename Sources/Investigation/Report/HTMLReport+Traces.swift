import Captures

extension HTMLReport {
    /// Counters of an OOM report's Mem-Info worth a glance (pages).
    static let oomCounters = ["free", "free_pcp", "free_cma", "slab_reclaimable", "slab_unreclaimable", "active_anon",
                              "inactive_anon", "active_file", "inactive_file", "shmem", "pagetables", "pages_ram"]

    static func oom(_ r: InvestigationReport) -> String {
        guard !r.ooms.isEmpty else { return "" }
        var s = "<section id=\"oom\"><h2>OOM-killer reports</h2>"
        for (i, item) in r.ooms.enumerated() {
            let o = item.report
            s += "<article class=\"oom\"><h3>\(i + 1). <span class=\"task\">\(e(o.task))</span>\(o.pid.map { " (pid \($0))" } ?? "") invoked the OOM killer</h3>"
            s += "<dl>"
            s += "<dt>read from</dt><dd><code>\(e(item.source))</code>, lines \(o.headerLine)–\(o.lastLine)</dd>"
            if let k = o.kernel { s += "<dt>kernel</dt><dd>\(e(k))\(o.cpu.map { ", cpu \($0)" } ?? "")</dd>" }
            if let g = o.gfpMask { s += "<dt>gfp_mask</dt><dd><code>\(e(g))</code>\(o.gfpFlags.isEmpty ? "" : " (" + e(o.gfpFlags.joined(separator: "|")) + ")")</dd>" }
            if let order = o.order { s += "<dt>order</dt><dd>\(order)</dd>" }
            s += "<dt>killed</dt><dd>" + (o.killed.map { "pid \($0.pid) (<span class=\"task\">\(e($0.comm))</span>)" } ?? "none reported") + "</dd>"
            s += "<dt>what failed</dt><dd>\(e(o.diagnosis.summary))</dd>"
            s += "<dt>next step</dt><dd>\(e(o.diagnosis.nextStep))</dd>"
            let counters = oomCounters.compactMap { k in o.memInfo[k].map { "\(k) \($0)" } }
            if !counters.isEmpty { s += "<dt>mem-info (pages)</dt><dd>\(e(counters.joined(separator: ", ")))</dd>" }
            if !o.unreclaimableSlab.isEmpty {
                let top = o.unreclaimableSlab.sorted { $0.usedKiB > $1.usedKiB }.prefix(5)
                s += "<dt>unreclaimable slab</dt><dd>\(e(top.map { "\($0.cache) \($0.usedKiB) KiB" }.joined(separator: ", ")))</dd>"
            }
            s += "</dl>"
            if !o.callTrace.isEmpty {
                let located = item.resolutions != nil
                s += "<table class=\"trace\"><caption>call trace, innermost first</caption><thead><tr><th>#</th><th>frame</th>\(located ? "<th>source</th>" : "")</tr></thead><tbody>"
                for (n, f) in o.callTrace.enumerated() {
                    var text = f.function ?? f.printed
                    if let off = f.offset { text += "+0x" + String(off, radix: 16) }
                    if let size = f.size { text += "/0x" + String(size, radix: 16) }
                    if let m = f.module { text += " [\(m)]" }
                    s += "<tr\(f.reliable ? "" : " class=\"unreliable\"")><td class=\"num\">\(n)</td><td><code>\(f.reliable ? "" : "? ")\(e(text))</code></td>"
                    guard located else {
                        s += "</tr>"
                        continue
                    }
                    s += "<td>"
                    if let res = item.resolutions, n < res.count, let rr = res[n] {
                        if let first = rr.levels.first {
                            s += e(level(first))
                            for l in rr.levels.dropFirst() { s += "<br/><span class=\"inl\">inlined into \(e(level(l)))</span>" }
                        } else if let reason = rr.reason {
                            s += "<span class=\"meta\">\(e(reason))</span>"
                        }
                    }
                    s += "</td></tr>"
                }
                s += "</tbody></table>"
            }
            s += "</article>"
        }
        return s + "</section>\n"
    }

    /// `function at file:line`, written as a blame location is.
    static func level(_ l: OOMFrameResolution.Level) -> String {
        BlameLocation(function: l.function, file: l.file, line: l.line).text
    }

    /// Step 4: sites ranked by what was never freed, each with its source lines and an example stack.
    static func blame(_ r: InvestigationReport) -> String {
        guard let b = r.blame else { return "" }
        var s = "<section id=\"blame\"><h2>Step 4 · Who allocates and never frees</h2>"
        if !b.inputs.isEmpty { s += "<p class=\"meta\">from " + b.inputs.map { "<code>\(e($0.name))</code>" }.joined(separator: ", ") + "</p>" }
        let rows = b.report.rows
        guard !rows.isEmpty else {
            return s + "<p class=\"empty\">No allocation backtraces found (print_trace blocks, kmemleak reports or alloc_calls/alloc_traces).</p></section>\n"
        }
        if !b.report.log.paired {
            s += "<p class=\"meta\">Outstanding is unknown (?) without --alloc/--free patterns pairing allocations with frees.</p>"
        }
        s += "<table class=\"blame\" id=\"blame-table\"><thead><tr><th>#</th><th>site</th><th>module</th><th>allocations</th><th>outstanding</th><th>outstanding bytes</th></tr></thead><tbody>"
        for (i, row) in rows.prefix(blameRows).enumerated() {
            let leaking = (row.outstanding ?? 0) > 0
            s += "<tr class=\"site\(leaking ? " leaking" : "")\"><td class=\"num\">\(i + 1)</td><td><code>\(e(row.site.location?.text ?? row.site.raw))</code></td>"
            s += "<td><code>\(e(row.site.module))</code></td><td class=\"num\">\(row.allocations)</td>"
            s += "<td class=\"num\">\(row.outstanding.map(String.init) ?? "?")</td><td class=\"num\">\(row.outstandingBytes.map(String.init) ?? "?")</td></tr>"
            s += "<tr class=\"detail\"><td></td><td colspan=\"5\">"
            for caller in row.site.inlinedBy { s += "<div class=\"inl\">inlined into \(e(caller.text))</div>" }
            if row.site.location != nil { s += "<div class=\"meta\">at <code>\(e(row.site.raw))</code></div>" }
            if let note = b.notes[row.site.key] { s += "<div class=\"meta\">\(e(note))</div>" }
            if let lines = b.sources[row.site.key], !lines.isEmpty {
                let width = String(lines.map(\.number).max() ?? 0).count
                s += "<pre class=\"source\">"
                for l in lines {
                    let n = String(repeating: " ", count: width - String(l.number).count) + String(l.number)
                    let body = "<span class=\"ln\">\(n)</span>  \(e(l.text))"
                    s += l.number == row.site.location?.line ? "<mark>\(body)</mark>\n" : body + "\n"
                }
                s += "</pre>"
            }
            s += "<details><summary>example stack (\(e(b.place(ofLine: row.exampleLine))))</summary><ol class=\"stack\">"
            let siteIndex = row.siteFrameIndex
            for (k, f) in row.example.enumerated() {
                let isSite = k == siteIndex
                s += "<li\(isSite ? " class=\"site\"" : "")><code>\(e(f.frame.printed))</code>"
                if let loc = f.chain.first { s += " → \(e(loc.text))" }
                s += "</li>"
            }
            s += "</ol></details></td></tr>"
        }
        s += "</tbody></table>"
        if rows.count > blameRows { s += "<p class=\"meta\">… \(rows.count - blameRows) more sites</p>" }
        // Which sites never freed anything (the leak) and which only hold their latest block:
        // the same lines `blame` prints under its table.
        for line in b.report.verdict() { s += "<p class=\"verdict\">\(e(line))</p>" }
        if let summary = b.report.log.pairingSummary { s += "<p class=\"meta\">\(e(summary))</p>" }
        return s + "</section>\n"
    }
}
