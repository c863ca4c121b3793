/// Renders an `InvestigationReport` as one self-contained HTML page: inline CSS, inline SVG,
/// no script, no fonts, no links out; a Content-Security-Policy that forbids loading anything,
/// so even a mistake cannot make the page reach the network. Pure: a value in, a String out.
/// The output is also well-formed XML (every element closed, no named entities but XML's), so
/// it can be checked with a strict parser.
public enum HTMLReport {
    /// How many rows the long tables show (the rest is counted in a line below them).
    public static let cacheRows = 25
    public static let blameRows = 50
    public static let chartedCaches = 5

    public static func render(_ r: InvestigationReport) -> String {
        var page = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>"
        page += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"/>"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
        page += "<meta name=\"generator\" content=\"slabhound report\"/>"
        page += "<title>\(e(r.title))</title><style>\(style)</style></head><body>\n"
        page += header(r)
        page += summary(r)
        page += checklist(r)
        page += charts(r)
        page += trend(r)
        page += compare(r)
        page += oom(r)
        page += blame(r)
        page += notes(r)
        page += "<footer>Made by slabhound. This file is self-contained: it loads nothing and runs no script.</footer>\n"
        return page + "</body></html>\n"
    }

    /// Escapes text for the page (see `HTMLText.escape`).
    static func e(_ s: String) -> String { HTMLText.escape(s) }

    static func header(_ r: InvestigationReport) -> String {
        var h = "<header><h1>\(e(r.title))</h1><p class=\"meta\">"
        var facts: [String] = []
        if let generated = r.generated { facts.append("generated " + e(generated)) }
        facts.append("<span id=\"sample-count\" data-samples=\"\(r.samples)\">\(r.samples) sample\(r.samples == 1 ? "" : "s")</span>")
        h += facts.joined(separator: " · ") + "</p>"
        if !r.sources.isEmpty {
            h += "<p class=\"meta\">from " + r.sources.map { "<code>\(e($0))</code>" }.joined(separator: ", ") + "</p>"
        }
        return h + "</header>\n"
    }

    /// The answers so far, in one box each.
    static func summary(_ r: InvestigationReport) -> String {
        var cards: [String] = []
        if let t = r.trend {
            cards.append(card("Step 0 · trend", badge: t.verdict.rawValue, id: "trend-verdict", text: t.summary))
        }
        if let c = r.comparison {
            cards.append(card("Steps 1–3 · compare", badge: c.verdict.kind.rawValue, id: "compare-verdict",
                              text: firstClause(c.verdict.summary), next: c.nextStep))
        }
        if !r.ooms.isEmpty {
            let first = r.ooms[0].report
            cards.append(card("OOM killer", badge: "\(r.ooms.count) report\(r.ooms.count == 1 ? "" : "s")", id: "oom-count",
                              text: first.diagnosis.summary, next: first.diagnosis.nextStep))
        }
        if let b = r.blame, let top = b.report.rows.first {
            let counts = top.outstanding.map { "\($0) of \(top.allocations) allocations outstanding" + (top.outstandingBytes.map { ", \($0) bytes" } ?? "") }
                ?? "\(top.allocations) allocations"
            cards.append(card("Step 4 · blame", badge: "\(b.report.rows.count) site\(b.report.rows.count == 1 ? "" : "s")", id: "blame-top",
                              text: "Top site: \(top.site.text)\(top.site.location == nil ? "" : " [\(top.site.module)]") — \(counts)."))
        }
        guard !cards.isEmpty else {
            return "<section id=\"summary\"><p class=\"empty\">Nothing to report yet: no samples, OOM reports or allocation backtraces were given.</p></section>\n"
        }
        return "<section id=\"summary\" class=\"cards\">" + cards.joined() + "</section>\n"
    }

    /// The part of a summary before its first `;` (the cards are short; the sections say all).
    static func firstClause(_ s: String) -> String {
        guard let cut = s.firstIndex(of: ";") else { return s }
        return String(s[..<cut]) + "."
    }

    static func card(_ title: String, badge: String, id: String, text: String, next: String? = nil) -> String {
        var s = "<div class=\"card\" id=\"\(id)\" data-value=\"\(e(badge))\"><h2>\(e(title))</h2>"
        s += "<p><span class=\"badge \(badgeClass(badge))\">\(e(badge))</span></p><p>\(e(text))</p>"
        if let next, !next.isEmpty { s += "<p class=\"next\"><b>Next:</b> \(e(next))</p>" }
        return s + "</div>"
    }

    static func badgeClass(_ value: String) -> String {
        switch value {
        case "leaking", "slab", "anon", "vmalloc", "cma", "unaccounted": return "bad"
        case "stable", "none": return "good"
        default: return "neutral"
        }
    }

    static func checklist(_ r: InvestigationReport) -> String {
        guard let c = r.checklist else { return "" }
        var s = "<section id=\"checklist\"><h2>Checklist</h2><p id=\"checklist-summary\">\(e(c.summary))</p>"
        s += "<table><thead><tr><th>step</th><th>question</th><th>state</th><th>evidence</th><th>next</th></tr></thead><tbody>"
        for step in c.steps {
            let state = step.status.rawValue
            let badge = step.status == .done ? "good" : step.status == .pending ? "bad" : "neutral"
            s += "<tr class=\"step \(state)\" data-step=\"\(step.number)\" data-state=\"\(state)\">"
            s += "<td class=\"num\">\(step.number)</td><td>\(e(step.question))</td>"
            s += "<td><span class=\"badge \(badge)\">\(state)</span></td>"
            s += "<td>\(e(step.evidence))</td><td>\(step.status == .notApplicable ? "" : e(step.next ?? ""))</td></tr>"
        }
        return s + "</tbody></table></section>\n"
    }

    static func notes(_ r: InvestigationReport) -> String {
        guard !r.notes.isEmpty else { return "" }
        return "<section id=\"notes\"><h2>Notes</h2><ul>" + r.notes.map { "<li>\(e($0))</li>" }.joined() + "</ul></section>\n"
    }
}
