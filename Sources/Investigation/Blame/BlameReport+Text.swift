extension BlameReport {
    /// The table, then each site's example stack with the site frame marked `>`.
    /// `notes` adds lines under a site (e.g. who last changed it, from `git blame`).
    public func text(notes: [AllocationSite.Key: String] = [:]) -> [String] {
        guard !rows.isEmpty else {
            return ["no allocation backtraces found (print_trace blocks, kmemleak reports or alloc_calls/alloc_traces)"]
        }
        var out: [String] = []
        let header = ["#", "site", "module", "allocations", "outstanding", "outstanding bytes"]
        var table: [[String]] = [header]
        for (i, row) in rows.enumerated() {
            table.append(["\(i + 1)", row.site.location?.text ?? row.site.raw, row.site.module, "\(row.allocations)",
                          row.outstanding.map(String.init) ?? "?", row.outstandingBytes.map(String.init) ?? "?"])
        }
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        let numeric: Set<Int> = [0, 3, 4, 5]
        for cells in table {
            let padded = cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric.contains(c) ? pad + cell : cell + pad
            }
            out.append(padded.joined(separator: "  ").trimmingTrailingBlanks())
        }
        if !log.paired, rows.contains(where: { $0.outstanding == nil }) {
            out.append("")
            out.append("outstanding: ? — give --alloc and --free patterns to pair allocations with frees")
        }
        let verdictLines = verdict()
        if !verdictLines.isEmpty { out.append(""); out += verdictLines }
        for (i, row) in rows.enumerated() {
            out.append("")
            let status: String
            if let outstanding = row.outstanding {
                let bytes = row.outstandingBytes.map { ", \($0) bytes" } ?? ""
                status = "\(outstanding) of \(row.allocations) outstanding\(bytes)"
            } else {
                status = "\(row.allocations) allocations"
            }
            out.append("#\(i + 1) \(row.site.location?.text ?? row.site.raw)  [\(row.site.module)]  \(status)")
            for caller in row.site.inlinedBy { out.append("    inlined into \(caller.text)") }
            if row.site.location != nil { out.append("    at \(row.site.raw)") }
            if let note = notes[row.site.key] { out.append("    \(note)") }
            out.append("    example stack (input line \(row.exampleLine)):")
            let siteIndex = row.siteFrameIndex
            for (k, frame) in row.example.enumerated() {
                let isSite = k == siteIndex
                let resolved = frame.chain.first.map { "  → \($0.text)" } ?? ""
                out.append("    \(isSite ? ">" : " ") \(frame.frame.printed)\(resolved)")
            }
        }
        if let summary = log.pairingSummary {
            out.append("")
            out.append(summary)
        }
        return out
    }
}

extension BlameReport {
    /// Under the table: which sites never freed anything (the leak), apart from those that
    /// freed all but their latest allocations. Ranked by bytes, a site whose last block was
    /// simply still in use when the log ended can top the table; this says which is which.
    func verdict() -> [String] {
        let known = rows.filter { $0.outstanding != nil }
        guard log.paired || !known.isEmpty else { return [] }
        func describe(_ row: BlameSiteRow) -> String {
            let bytes = row.outstandingBytes.map { ", \($0) bytes" } ?? ""
            return "\(row.site.location?.text ?? row.site.raw) (\(row.outstanding ?? 0) of \(row.allocations)\(bytes))"
        }
        let never = known.filter { $0.outstanding == $0.allocations && $0.allocations > 0 }
        let some = known.filter { ($0.outstanding ?? 0) > 0 && $0.outstanding! < $0.allocations }
        var out: [String] = []
        if never.isEmpty {
            out.append("never freed: none" + (some.isEmpty ? " — every allocation was freed" : ""))
        } else {
            out.append("never freed: " + never.map(describe).joined(separator: ", "))
        }
        if !some.isEmpty {
            out.append("freed but for the latest: " + some.map(describe).joined(separator: ", ")
                + " — likely still in use when the log ended; a leak if the count grows with a longer run")
        }
        return out
    }
}

extension String {
    func trimmingTrailingBlanks() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
