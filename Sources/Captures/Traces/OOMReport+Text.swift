// The readable form of `slabhound oom`.

extension OOMReport {
    /// Counters worth a glance, in this order; the JSON carries all of them.
    static let memInfoHighlights = [
        "free", "free_pcp", "free_cma", "slab_reclaimable", "slab_unreclaimable", "active_anon", "inactive_anon",
        "active_file", "inactive_file", "shmem", "pagetables", "pages_ram", "pages_reserved",
    ]

    /// Lines describing the report; `resolutions` (per call-trace index) adds source locations.
    public func textLines(number: Int, resolutions: [OOMFrameResolution?]? = nil) -> [String] {
        var out: [String] = []
        out.append("OOM report \(number) (input lines \(headerLine)–\(lastLine)): \(task)\(pid.map { " (pid \($0))" } ?? "") invoked the OOM killer")
        var facts: [String] = []
        if let kernel { facts.append("kernel \(kernel)") }
        if let cpu { facts.append("cpu \(cpu)") }
        if !facts.isEmpty { out.append("  " + facts.joined(separator: ", ")) }
        var alloc: [String] = []
        if let gfpMask { alloc.append("gfp_mask \(gfpMask)" + (gfpFlags.isEmpty ? "" : " (\(gfpFlags.joined(separator: "|")))")) }
        if let order { alloc.append("order \(order)") }
        if let oomScoreAdj { alloc.append("oom_score_adj \(oomScoreAdj)") }
        if !alloc.isEmpty { out.append("  " + alloc.joined(separator: ", ")) }

        if callTrace.isEmpty {
            out.append("  call trace: none found")
        } else {
            out.append("  call trace (\(callTrace.count) entries, innermost first):")
            let width = String(callTrace.count - 1).count + 1
            for (i, f) in callTrace.enumerated() {
                let n = ("#" + String(i)).traceRightPadded(to: width)
                var text = f.function ?? f.printed
                if let offset = f.offset { text += "+0x" + String(offset, radix: 16) }
                if let size = f.size { text += "/0x" + String(size, radix: 16) }
                if let module = f.module { text += " [\(module)]" }
                let marker = f.reliable ? "  " : "? "
                out.append("    \(n) \(marker)\(text)  (line \(f.inputLine))")
                if let resolutions, i < resolutions.count {
                    let pad = String(repeating: " ", count: width + 7)
                    if let r = resolutions[i], let first = r.levels.first {
                        out.append(pad + "→ " + Self.describe(first))
                        for level in r.levels.dropFirst() { out.append(pad + "  inlined into " + Self.describe(level)) }
                        for w in r.warnings { out.append(pad + "  note: " + w) }
                    } else if let reason = resolutions[i]?.reason {
                        out.append(pad + "(unresolved: \(reason))")
                    }
                }
            }
        }
        let highlights = Self.memInfoHighlights.compactMap { key in memInfo[key].map { "\(key) \($0)" } }
        if !highlights.isEmpty { out.append("  mem-info (pages): " + highlights.joined(separator: ", ")) }
        if !unreclaimableSlab.isEmpty {
            let top = unreclaimableSlab.sorted { $0.usedKiB > $1.usedKiB }.prefix(5)
            out.append("  unreclaimable slab, largest: " + top.map { "\($0.cache) \($0.usedKiB) KiB" }.joined(separator: ", "))
        }
        out.append("  killed: " + (killed.map { "pid \($0.pid) (\($0.comm))" } ?? "none reported"))
        if !ignoredLines.isEmpty {
            out.append("  left out \(ignoredLines.count) interleaved line(s) of another CPU/task")
        }
        out.append("  what failed: \(diagnosis.summary)")
        out.append("  next step: \(diagnosis.nextStep)")
        return out
    }

    static func describe(_ level: OOMFrameResolution.Level) -> String {
        var text = level.function
        if let file = level.file { text += " at \(file)" + (level.line.map { ":\($0)" } ?? "") }
        return text
    }
}

extension String {
    func traceRightPadded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
