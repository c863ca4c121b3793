import ArgumentParser
import Captures
import Foundation
import Shell
import Symbolication

/// `slabhound oom`: every OOM-killer report in a log, read out whole even when the log is
/// wrapped, quoted, prefixed or interleaved; optionally with its call trace symbolized.
struct OomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oom",
        abstract: "Read every OOM-killer report in a log: task, gfp, order, call trace, Mem-Info, victim, what failed.",
        discussion: """
        Finds each `<task> invoked oom-killer:` report and prints the invoking task and pid, the \
        kernel release, gfp_mask and its flags, order, oom_score_adj, the call trace in printed \
        order (ARM `f from g+off` lines give f, then each g; `?` marks unreliable frames), the \
        Mem-Info counters, the `Unreclaimable slab info:` table, the killed process, what failed \
        and what to look at next. Timestamps, syslog/journal/vendor prefixes, `> ` quoting, \
        soft-wrapped lines and another CPU's interleaved output are handled. With --symbols, the \
        call trace is resolved to source lines like `symbolize` does (vmlinux, MOD.ko).
        """
    )

    @OptionGroup var symbols: SymbolOptions

    @Flag(name: .long, help: "Print one JSON document: {\"reports\": [...]} (see README).")
    var json = false

    @Argument(help: "The log to read; '-' for stdin; nothing: in the shell, the session's OOM reports (pasted or captured), else stdin.")
    var file: String?

    func run() async throws {
        let diagnostics = Diagnostics()
        let reports: [OOMReport]
        let source: String
        if file == nil, let state = ShellState.current, state[ShellSessionKey.self] {
            reports = state[GuideTracesKey.self].ooms.map(\.report)
            source = "the session"
            guard !reports.isEmpty else {
                throw ValidationError("no OOM-killer report in the session yet: paste one at the prompt (or `capture LOG`), or give FILE")
            }
        } else {
            let input = try InputSource.open(file)
            defer { input.remove() }
            var parser = OOMReportParser()
            for line in TextLineReader(handle: try input.handle()) {
                parser.feed(bytes: line)
            }
            reports = parser.finish()
            source = input.displayName
        }

        var resolutions: [[OOMFrameResolution?]]?
        if !ShellDefaults.symbolPaths(symbols.symbolPaths).isEmpty, !reports.isEmpty {
            resolutions = try await symbolize(reports, diagnostics: diagnostics)
        }

        let out = OutputBuffer()
        if json {
            let document = OOMReportsJSON(reports: reports.enumerated().map { i, report in
                OOMReportJSON(report: report, resolutions: resolutions?[i])
            })
            out.line(try JSONText.encode(document))
        } else {
            for (i, report) in reports.enumerated() {
                if i > 0 { out.line("") }
                for line in report.textLines(number: i + 1, resolutions: resolutions?[i]) { out.line(line) }
            }
        }
        out.flush()
        if reports.isEmpty { diagnostics.warn("no OOM-killer report (`… invoked oom-killer:`) in \(source)") }
    }

    /// Resolves every call-trace entry that has an offset (the ARM callee `f` has none) through
    /// one gdb for all reports.
    private func symbolize(_ reports: [OOMReport], diagnostics: Diagnostics) async throws -> [[OOMFrameResolution?]] {
        let symbolizer = try await SymbolizationStarter.start(symbols, diagnostics: diagnostics)
        let wanted = OOMCallTraceFrames(reports)
        let resolved = await symbolizer.resolve(wanted.frames)
        let mode = await symbolizer.mode
        await SymbolizationStarter.finish(symbolizer)

        let count = resolved.filter(\.isResolved).count
        diagnostics.warn("resolved \(count) of \(wanted.frames.count) call-trace frames with gdb (\(mode))")
        return wanted.resolutions(resolved)
    }
}
