import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell
import Symbolication

extension ReportCommand {
    /// Reads every input once into a working session (never the user's: a report changes
    /// nothing in the shell), then computes what the page shows with the same code as `trend`,
    /// `compare`, `oom`, `blame` and `guide`.
    func assemble(diagnostics: Diagnostics) async throws -> InvestigationReport {
        let session = ShellState.current ?? ShellState()
        var settings = session.settings
        settings.symbolPaths = ShellDefaults.symbolPaths(symbols.symbolPaths)
        settings.gdbPath = ShellDefaults.gdbPath(symbols.gdbPath)
        if let pageSize { settings.pageSize = pageSize }
        let work = ShellState(settings: settings)
        var report = InvestigationReport()
        var notes: [String] = []
        var captureLines: [ReportBlame.Input] = []

        // Stdin is spooled once; every pass below reads the spool.
        var opened: [String: InputSource] = [:]
        func input(_ path: String) throws -> InputSource {
            if let known = opened[path] { return known }
            let source = try InputSource.open(path)
            opened[path] = source
            return source
        }
        defer { for source in opened.values { source.remove() } }

        if captures.isEmpty {
            // The shell's session: what `capture` and pastes left (copied, with guide's caches).
            work[SessionCaptureKey.self] = session[SessionCaptureKey.self]
            work[GuideTracesKey.self] = session[GuideTracesKey.self]
            work[GuideAnalysisKey.self] = session[GuideAnalysisKey.self]
            work[GuideLocatedKey.self] = session[GuideLocatedKey.self]
            report.sources = ["the session's capture"]
        } else {
            for path in captures {
                let source = try input(path)
                // Backtraces are numbered across the inputs: where this file's lines start.
                captureLines.append(ReportBlame.Input(name: source.displayName, lineOffset: work[GuideTracesKey.self].lineOffset))
                let read = try GuideCommand.ingest(source, into: work)
                let skipped = read.skippedCounts.values.reduce(0, +)
                if skipped > 0 {
                    notes.append("\(source.displayName): \(read.samples.count) samples, \(skipped) unrecognised line\(skipped == 1 ? "" : "s") skipped")
                }
            }
            report.sources = captures.map { $0 == "-" ? "<stdin>" : $0 }
        }
        // Blame logs feed the checklist's step 4 too.
        for path in blameFiles where !captures.contains(path) {
            _ = try GuideCommand.ingest(try input(path), into: work)
        }
        let samples = work[SessionCaptureKey.self].samples

        // The checklist, and the trend and comparison it rests on.
        if !settings.symbolPaths.isEmpty {
            await ShellState.$current.withValue(work) { await GuideCommand.locate(work, diagnostics: diagnostics) }
        }
        // Computed once: nothing below changes `work`, so the checklist rests on the same evidence.
        let evidence = GuideCommand.evidence(work)
        report.trend = evidence.trend ?? (samples.isEmpty ? nil : Self.trend(samples, pageSize: Int64(settings.pageSize)))
        report.comparison = evidence.comparison
        report.chart(samples: samples, pageSize: Int64(settings.pageSize))

        // OOM reports: those the captures (or the shell's session: pasted, captured) held, and
        // the --oom files.
        var ooms: [(OOMReport, String)] = work[GuideTracesKey.self].ooms.map { ($0.report, $0.source) }
        for path in oomFiles where !captures.contains(path) && !blameFiles.contains(path) {
            let source = try input(path)
            var parser = OOMReportParser()
            for line in TextLineReader(handle: try source.handle()) { parser.feed(bytes: line) }
            ooms += parser.finish().map { ($0, source.displayName) }
        }

        // Allocation backtraces: the --blame files paired with --alloc/--free, else the
        // captures' (or the session's) backtraces.
        var log = AllocationLog()
        var maps: [MappedRegion] = []
        var blameInputs: [ReportBlame.Input] = []
        let pattern = try pairing.pattern()
        if !blameFiles.isEmpty || (!captures.isEmpty && pattern != nil) {
            // Paired logs are read again with the patterns (each file paired on its own).
            let files = blameFiles.isEmpty ? captures : blameFiles
            let scanned = try AllocationAnalysis.scan(files.map { try input($0) }, pattern: pattern)
            (log, maps, blameInputs) = (scanned.log, scanned.maps, scanned.inputs)
        } else {
            // The backtraces `capture` already read (from the files, or the shell's session).
            let traces = work[GuideTracesKey.self]
            log = traces.log
            maps = traces.maps
            blameInputs = captures.isEmpty ? [ReportBlame.Input(name: "the session's traces", lineOffset: nil)] : captureLines
            if captures.isEmpty, pattern != nil {
                notes.append("--alloc/--free pair the lines of files: give the allocation log with --blame FILE")
            }
        }

        let resolved = await resolve(blocks: log.blocks, ooms: ooms.map(\.0), maps: maps,
                                     symbolPaths: settings.symbolPaths, diagnostics: diagnostics)
        report.ooms = ooms.enumerated().map { i, item in
            ReportOOM(report: item.0, resolutions: resolved.oom?[i], source: item.1)
        }
        if !log.blocks.isEmpty {
            let built = BlameReport.build(log: log, frames: resolved.blocks, filter: pairing.filter)
            report.blame = blameSection(built, inputs: blameInputs, diagnostics: diagnostics)
        }
        report.checklist = GuideChecklist.evaluate(evidence)
        if samples.isEmpty, report.ooms.isEmpty, report.blame == nil {
            throw ValidationError(captures.isEmpty
                ? "nothing to report yet: give CAPTURE logs (or `capture LOG` / paste dumps in the shell first), --oom FILE or --blame FILE"
                : "nothing to report: no meminfo/slabinfo/free/heap dumps, OOM reports or allocation backtraces in \(captures.joined(separator: ", "))")
        }
        if settings.symbolPaths.isEmpty, !log.blocks.isEmpty || !ooms.isEmpty {
            notes.append("No symbols were given (--symbols DIR): frames stay as module+offset.")
        }
        report.notes = notes
        return report
    }

    static func trend(_ samples: [CaptureSample], pageSize: Int64) -> TrendAnalysis {
        var acc = TrendAccumulator(pageSize: pageSize)
        for s in samples { acc.add(s) }
        return acc.analysis()
    }
}
