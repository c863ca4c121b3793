import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell

/// `slabhound report --html OUT`: the investigation as one self-contained HTML file — charts
/// of memory and of the caches that grew, the compare tables, the OOM reports, the blame table
/// with source lines, the checklist and the trend verdict.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the investigation as one self-contained HTML file (charts, compare tables, OOM, blame, checklist).",
        discussion: """
        Reads the CAPTURE logs (console logs with meminfo/slabinfo/free/heap dumps, OOM reports \
        and allocation backtraces), or — with no CAPTURE, in the shell — what the session took \
        in (`capture`, pasted dumps and traces). --oom adds logs with OOM-killer reports; \
        --blame gives the allocation log for the blame table (default: the backtraces in the \
        captures), paired with --alloc/--free as `blame` does. With --symbols, OOM call traces \
        and allocation sites are resolved to source lines, and each site's lines are shown \
        when the source is on disk (--source-map FROM=TO rewrites paths).

        The page loads nothing (inline CSS and SVG, no script, a Content-Security-Policy that \
        forbids fetching anything) and every text from the inputs is escaped. It is written \
        to OUT only, atomically (a temporary file in the same directory, then renamed).
        """)

    @Option(name: .customLong("html"), help: ArgumentHelp("The HTML file to write.", valueName: "OUT"))
    var html: String

    @OptionGroup var symbols: SymbolOptions

    @Option(name: .customLong("oom"), help: ArgumentHelp("A log with OOM-killer reports (repeatable).", valueName: "FILE"))
    var oomFiles: [String] = []

    @Option(name: .customLong("blame"), help: ArgumentHelp(
        "An allocation log for the blame table (repeatable; default: the captures' backtraces).", valueName: "FILE"))
    var blameFiles: [String] = []

    @OptionGroup var pairing: AllocationPairingOptions

    @Option(help: "Page size of the board in bytes (default: the session's, else 4096).")
    var pageSize: Int?

    @Option(help: "The report's title.")
    var title = "slabhound report"

    @Flag(help: "Print JSON about what was written: {path, bytes, samples, sections[], checklist}.")
    var json = false

    @Argument(help: "Capture logs (`-` for stdin); none: the shell session's capture.")
    var captures: [String] = []

    func validate() throws {
        guard !html.isEmpty else { throw ValidationError("--html needs a file name") }
        if let pageSize, pageSize < 1024 || pageSize & (pageSize - 1) != 0 {
            throw ValidationError("--page-size must be a power of two ≥ 1024")
        }
        let stdin = (captures + oomFiles + blameFiles).filter { $0 == "-" }.count
        if stdin > 1 { throw ValidationError("`-` (stdin) can be read once: give it as one input only") }
    }

    func run() async throws {
        let diagnostics = Diagnostics()
        let target = try ReportDestination(path: html)
        var report = try await assemble(diagnostics: diagnostics)
        report.title = title
        report.generated = Self.timestamp()
        let page = HTMLReport.render(report)
        try target.write(page)

        let sections = Self.sections(report)
        if json {
            print(try JSONText.encode(ReportSummaryJSON(path: target.path, bytes: page.utf8.count, samples: report.samples,
                                                        sections: sections, checklist: report.checklist)))
        } else {
            print("wrote \(target.path) (\(page.utf8.count) bytes): " + sections.joined(separator: ", "))
        }
    }

    static func sections(_ r: InvestigationReport) -> [String] {
        var out: [String] = []
        if r.samples > 0 { out.append("\(r.samples) sample\(r.samples == 1 ? "" : "s")") }
        if let t = r.trend { out.append("trend \(t.verdict.rawValue)") }
        if let c = r.comparison { out.append("compare \(c.verdict.kind.rawValue)") }
        if !r.ooms.isEmpty { out.append("\(r.ooms.count) OOM report\(r.ooms.count == 1 ? "" : "s")") }
        if let b = r.blame { out.append("\(b.report.rows.count) allocation site\(b.report.rows.count == 1 ? "" : "s")") }
        if r.checklist != nil { out.append("checklist") }
        return out
    }

    static func timestamp() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return f.string(from: Date())
    }
}

/// What `report --json` prints.
struct ReportSummaryJSON: Encodable {
    var path: String
    var bytes: Int
    var samples: Int
    var sections: [String]
    var checklist: GuideChecklist?
}
