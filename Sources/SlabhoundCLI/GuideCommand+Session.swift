import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell
import Symbolication

/// What `capture` and pasted traces leave for `guide` besides the samples (those are in
/// `SessionCaptureKey`): where each stretch of samples came from, the allocation backtraces,
/// the alloc_calls dumps printed with `cat`, and /proc/PID/maps lines for load bases.
struct GuideTraces: Sendable {
    var segments: [GuideEvidence.Segment] = []
    var log = AllocationLog()
    var callSiteDumps: [SlabCallSiteParser.Dump] = []
    var maps: [MappedRegion] = []
    /// OOM-killer reports pasted or captured, with where each came from (a file, `pasted`):
    /// `guide` names them in step 0, `report` shows them.
    var ooms: [SessionOOM] = []
    /// Lines read so far, so backtraces of several inputs number their lines as one text.
    var lineOffset = 0
    /// Bumped on every change (the analysis and the located sites are cached per version).
    var version = 0
}

/// One OOM-killer report the session took in.
struct SessionOOM: Sendable {
    var report: OOMReport
    var source: String
}

enum GuideTracesKey: ShellStateKey {
    static var defaultValue: GuideTraces { GuideTraces() }
}

/// The analysis of the session's samples for one (samples, version, page size): the status
/// line after every command reads it instead of fitting the trend again.
struct GuideAnalysisCache: Sendable {
    var samples: Int
    var version: Int
    var pageSize: Int
    var evidence: GuideEvidence
}

enum GuideAnalysisKey: ShellStateKey {
    static var defaultValue: GuideAnalysisCache? { nil }
}

/// Sites located with gdb by `guide`, for one version of the traces and one set of symbols.
struct GuideLocatedSites: Sendable {
    var version: Int
    var samples: Int
    var symbolPaths: [String]
    var allocation: [GuideSite]
    var calls: [GuideSite]
}

/// Set by `guide` when it printed the session's checklist: the status line after it would only
/// repeat its last line.
enum GuideSummaryShownKey: ShellStateKey {
    static let defaultValue = false
}

enum GuideLocatedKey: ShellStateKey {
    static var defaultValue: GuideLocatedSites? { nil }
}

extension GuideCommand {
    /// Reads one input into the session: samples (streamed) into the session capture, then its
    /// backtraces, alloc_calls dumps and maps lines. Memory holds parsed samples and frames,
    /// never the text.
    static func ingest(path: String, into state: ShellState) throws -> CaptureReport {
        let input = try InputSource.open(path)
        defer { input.remove() }
        return try ingest(input, into: state)
    }

    /// `ingest(path:into:)` for an input the caller opened (and removes).
    static func ingest(_ input: InputSource, into state: ShellState) throws -> CaptureReport {
        var added: [CaptureSample] = []
        let start = state[SessionCaptureKey.self].samples.count
        // Two passes over the file (samples, then traces): each is half of the progress line.
        let size = (try? FileManager.default.attributesOfItem(atPath: input.url.path)[.size] as? Int) ?? 0
        let progress = ProgressLine()
        defer { progress.clear() }
        let label = "reading \(input.displayName):"
        let segmenter: CaptureSegmenter
        do {
            segmenter = try CaptureFile.forEachSample(path: input.url.path, progress: { progress.show(label, done: $0 / 2, of: size) }) { sample in
                guard !sample.isEmpty else { return }
                var s = sample
                s.index = start + added.count
                added.append(s)
            }
        } catch let error as InvestigationError {
            throw ValidationError(error.description)
        }
        var traces = state[GuideTracesKey.self]
        var scanner = AllocationLogScanner(lineOffset: traces.lineOffset)
        var calls = SlabCallSiteParser()
        var ooms = OOMReportParser()
        var oomSeen = false
        var number = traces.lineOffset
        var bytes = 0
        for line in TextLineReader(handle: try input.handle()) {
            number += 1
            bytes += line.count + 1
            if number & 0x3fff == 0 { progress.show(label, done: size / 2 + bytes / 2, of: size) }
            // The OOM parser costs more per line than the rest of this pass: it starts at the
            // first line that can belong to a report (`invoked oom-killer`, even wrapped), and
            // sees every line from there — before the dump-row skip, as Mem-Info lines can look
            // like dump rows.
            if !oomSeen, TraceLinePrefilter.contains(line, "oom") { oomSeen = true }
            if oomSeen { ooms.feed(bytes: line) }
            // The dumps the first pass read are most of a capture and never part of a trace:
            // an empty line in their place keeps line numbers and still ends a run of frames.
            if TraceLinePrefilter.isDumpRow(line) {
                scanner.feed("")
                continue
            }
            let text = String(decoding: line, as: UTF8.self)
            if TraceLinePrefilter.mayBeMapsLine(line),
               let entry = ProcMapsParser.entry(in: text, lineNumber: number), let mapped = entry.path, mapped.hasPrefix("/") {
                traces.maps.append(MappedRegion(path: mapped, start: entry.start, fileOffset: entry.offset, line: number))
            }
            scanner.feed(text)
            // alloc_calls headers name the file; sites carry `age=` (their stack lines are left
            // out alike in every dump, so sites still match between dumps).
            if TraceLinePrefilter.mayBeCallSiteLine(line) { calls.feed(text) }
        }
        let log = scanner.finish()
        let dumps = calls.finish().filter { $0.cache != nil }
        traces.lineOffset = number
        let oomReports = ooms.finish()
        traces.ooms += oomReports.map { SessionOOM(report: $0, source: input.displayName) }
        traces.log.append(log)
        traces.callSiteDumps += dumps
        if !added.isEmpty {
            traces.segments.append(GuideEvidence.Segment(name: input.displayName, range: start..<(start + added.count)))
        }
        traces.version += 1
        state[GuideTracesKey.self] = traces
        state.update(SessionCaptureKey.self) { $0.samples += added }
        let backtraces = log.count(of: .printTrace)
        state.updateTally {
            $0.samples += added.count
            $0.traces += backtraces
        }
        return CaptureReport(file: input.displayName, samples: added, segmenter: segmenter, log: log, callSiteDumps: dumps,
                             oomReports: oomReports.count)
    }

    /// A pasted trace (print_trace blocks, kmemleak, alloc_calls): kept for step 4; an OOM
    /// report: kept for step 0 and the report.
    static func record(pastedTrace text: String, state: ShellState) {
        var traces = state[GuideTracesKey.self]
        var scanner = AllocationLogScanner(lineOffset: traces.lineOffset)
        var calls = SlabCallSiteParser()
        var ooms = OOMReportParser()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            scanner.feed(String(line))
            calls.feed(line)
            ooms.feed(line)
        }
        traces.ooms += ooms.finish().map { SessionOOM(report: $0, source: "pasted") }
        traces.lineOffset += scanner.lineCount
        traces.log.append(scanner.finish())
        traces.callSiteDumps += calls.finish().filter { $0.cache != nil }
        traces.version += 1
        state[GuideTracesKey.self] = traces
    }

    /// Empties the session capture and everything guide kept.
    static func clear(_ state: ShellState) {
        state[SessionCaptureKey.self] = SessionCapture()
        let version = state[GuideTracesKey.self].version
        var fresh = GuideTraces()
        fresh.version = version + 1
        state[GuideTracesKey.self] = fresh
        state[GuideAnalysisKey.self] = nil
        state[GuideLocatedKey.self] = nil
        state.updateTally { $0 = SessionTally() }
    }

    /// The evidence of the session without running gdb: the cached analysis of the samples, the
    /// sites as last located (or as module+offset).
    static func evidence(_ state: ShellState, rules: LeakRules = .default) -> GuideEvidence {
        let samples = state[SessionCaptureKey.self].samples
        let traces = state[GuideTracesKey.self]
        let pageSize = state.settings.pageSize
        var e: GuideEvidence
        if let cached = state[GuideAnalysisKey.self], cached.samples == samples.count,
           cached.version == traces.version, cached.pageSize == pageSize {
            e = cached.evidence
        } else {
            e = GuideEvidence.analyse(samples: samples, segments: segments(traces, samples: samples.count),
                                      pageSize: Int64(pageSize), rules: rules)
            state[GuideAnalysisKey.self] = GuideAnalysisCache(samples: samples.count, version: traces.version,
                                                               pageSize: pageSize, evidence: e)
        }
        e.callSiteGrowth += CallSiteComparison.grown(in: traces.callSiteDumps)
        for d in traces.callSiteDumps where d.kind == .alloc { e.allocCallsDumps[d.cache!, default: 0] += 1 }
        e.backtraces = traces.log.count(of: .printTrace)
        e.oomReports = traces.ooms.map { oomLine($0.report) }
        e.kmemleakObjects = traces.log.count(of: .kmemleak)
        e.symbolPaths = state.settings.symbolPaths
        if let located = state[GuideLocatedKey.self], located.version == traces.version,
           located.samples == samples.count, located.symbolPaths == e.symbolPaths {
            e.allocationSites = located.allocation
            e.callSites = located.calls
            e.sitesLookedUp = true
        } else {
            e.allocationSites = allocationSites(traces.log, frames: nil)
            e.callSites = e.callSiteGrowth.filter { $0.kind != .free }.map { callSite($0, location: nil) }
        }
        return e
    }

    /// An OOM report in a few words, for step 0:
    /// `venc0_P0_MAIN (order 2, allocating in mi_sys_ringpool_AppendTailContentTailRecord [mi_sys])`.
    static func oomLine(_ r: OOMReport) -> String {
        let details = [r.order.map { "order \($0)" }, r.diagnosis.caller.map { "allocating in \($0)" }].compactMap { $0 }
        let line = r.task + (details.isEmpty ? "" : " (" + details.joined(separator: ", ") + ")")
        return line.count > 160 ? String(line.prefix(159)) + "…" : line
    }

    /// Pasted samples (not from a file) fill the gaps between the recorded stretches.
    static func segments(_ traces: GuideTraces, samples: Int) -> [GuideEvidence.Segment] {
        var out: [GuideEvidence.Segment] = []
        var next = 0
        for s in traces.segments.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) where s.range.upperBound <= samples {
            if s.range.lowerBound > next { out.append(.init(name: "pasted", range: next..<s.range.lowerBound)) }
            out.append(s)
            next = max(next, s.range.upperBound)
        }
        if next < samples { out.append(.init(name: "pasted", range: next..<samples)) }
        return out
    }

    /// Allocation sites of the backtraces, grouped as `blame` groups them; `frames` are the
    /// resolved frames per block (nil: unresolved, grouped by module+offset). SLUB's
    /// alloc_calls lines are left to the call-site growth.
    static func allocationSites(_ log: AllocationLog, frames: [[BlameFrame]]?) -> [GuideSite] {
        var kept = AllocationLog()
        var keptFrames: [[BlameFrame]] = []
        for (i, block) in log.blocks.enumerated() where block.source != .allocTraces {
            kept.blocks.append(block)
            keptFrames.append(frames.map { $0[i] } ?? block.frames.map { BlameFrame(frame: $0) })
        }
        let report = BlameReport.build(log: kept, frames: keptFrames, filter: AllocatorFilter())
        return report.rows.map { row in
            let located = row.site.location?.line != nil
            return GuideSite(site: row.site.raw, location: located ? row.site.text : nil, count: row.allocations,
                             source: row.sources.contains(.printTrace) ? .printTrace : .kmemleak)
        }
    }

    static func callSite(_ g: CallSiteComparison.Growth, location: String?) -> GuideSite {
        GuideSite(site: g.site, location: location, count: g.delta, source: .allocCalls, cache: g.cache)
    }

    /// Locates the sites with gdb when symbols are loaded and they are not located yet for this
    /// state of the session. Failures (no gdb, no match) leave the sites unlocated, said on stderr.
    static func locate(_ state: ShellState, diagnostics: Diagnostics) async {
        let symbols = state.settings.symbolPaths
        guard !symbols.isEmpty else { return }
        let traces = state[GuideTracesKey.self]
        let samples = state[SessionCaptureKey.self].samples.count
        if let located = state[GuideLocatedKey.self], located.version == traces.version, located.samples == samples,
           located.symbolPaths == symbols { return }
        let e = evidence(state)
        let growth = e.callSiteGrowth.filter { $0.kind != .free }
        let blockFrames = traces.log.blocks.flatMap(\.frames)
        let growthFrames = growth.compactMap(\.frame)
        var allocation = e.allocationSites
        var calls = e.callSites
        if !blockFrames.isEmpty || !growthFrames.isEmpty {
            do {
                // Parsed, not built: argument-parser's property wrappers only hold values after parsing.
                let options = try SymbolOptions.parse(symbols.flatMap { ["--symbols", $0] })
                let resolution = try await AllocationAnalysis.resolve(traces.log.blocks, extra: growthFrames, maps: traces.maps,
                                                                      symbols: options, diagnostics: diagnostics)
                allocation = allocationSites(traces.log, frames: resolution.blocks)
                var growthIndex = 0
                calls = growth.map { g in
                    guard g.frame != nil else { return callSite(g, location: nil) }
                    defer { growthIndex += 1 }
                    guard growthIndex < resolution.extra.count else { return callSite(g, location: nil) }
                    let frame = AllocationAnalysis.blameFrame(resolution.extra[growthIndex])
                    guard let line = frame.chain.first, line.line != nil else { return callSite(g, location: nil) }
                    let text = ([line.text] + frame.chain.dropFirst().map { "inlined into \($0.text)" }).joined(separator: ", ")
                    return callSite(g, location: text)
                }
            } catch {
                diagnostics.warn("cannot locate the allocation sites (\(error)); they stay as module+offset")
            }
        }
        state[GuideLocatedKey.self] = GuideLocatedSites(version: traces.version, samples: samples, symbolPaths: symbols,
                                                        allocation: allocation, calls: calls)
    }

    /// One line for the shell's status hook: where the investigation stands. Nothing before the
    /// session has seen anything (a fresh shell stays quiet).
    @Sendable static func statusLine(_ state: ShellState) async -> String? {
        if state[GuideSummaryShownKey.self] {
            state[GuideSummaryShownKey.self] = false
            return nil
        }
        let traces = state[GuideTracesKey.self]
        let tally = state.tally
        guard !state[SessionCaptureKey.self].samples.isEmpty || !traces.log.blocks.isEmpty || !traces.callSiteDumps.isEmpty
                || tally.samples > 0 || tally.traces > 0 else {
            return nil
        }
        let line = "samples: \(tally.samples), traces: \(tally.traces) | " + GuideChecklist.evaluate(evidence(state)).summary
        return line.count > 220 ? String(line.prefix(219)) + "…" : line
    }
}

/// What one input gave the session (for `capture`'s report).
struct CaptureReport: Sendable {
    var file: String
    var samples: [CaptureSample]
    var skippedCounts: [CaptureSkip.Reason: Int]
    var skipped: [CaptureSkip]
    var lines: Int
    var bytes: Int
    var log: AllocationLog
    var callSiteDumps: [SlabCallSiteParser.Dump]
    var oomReports: Int

    init(file: String, samples: [CaptureSample], segmenter: CaptureSegmenter, log: AllocationLog,
         callSiteDumps: [SlabCallSiteParser.Dump], oomReports: Int) {
        self.file = file
        self.samples = samples
        self.skippedCounts = segmenter.skippedCounts
        self.skipped = segmenter.skipped
        self.lines = segmenter.linesRead
        self.bytes = segmenter.bytesRead
        self.log = log
        self.callSiteDumps = callSiteDumps
        self.oomReports = oomReports
    }
}

/// Cheap byte tests that keep the trace scanners off lines that cannot be traces.
enum TraceLinePrefilter {
    /// A slabinfo row or header (` : tunables `) or a meminfo line (`Name:   123 kB`).
    static func isDumpRow(_ line: [UInt8]) -> Bool {
        if contains(line, " : tunables ") || contains(line, "slabinfo - version") { return true }
        // meminfo: a word (letters, digits, _ ( )) then ':' then blanks, digits, optional ' kB'.
        var i = 0
        while i < line.count, isNameByte(line[i]) { i += 1 }
        guard i > 0, i < line.count, line[i] == UInt8(ascii: ":") else { return false }
        i += 1
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        let digits = i
        while i < line.count, line[i] >= 0x30 && line[i] <= 0x39 { i += 1 }
        guard i > digits else { return false }
        var rest = line[i...].drop { $0 == 0x20 }
        if rest.starts(with: Array("kB".utf8)) { rest = rest.dropFirst(2) }
        return rest.allSatisfy { $0 == 0x20 || $0 == 0x0d || $0 == 0x09 }
    }

    static func mayBeCallSiteLine(_ line: [UInt8]) -> Bool {
        contains(line, "age=") || contains(line, "/sys/kernel/")
    }

    /// `b6c00000-b6c2f000 r-xp 00000000 …`: a hex digit first and a '-' soon after.
    static func mayBeMapsLine(_ line: [UInt8]) -> Bool {
        guard let dash = line.prefix(40).firstIndex(of: UInt8(ascii: "-")) else { return false }
        return dash > 0 && line.prefix(dash).allSatisfy { isHex($0) || $0 == 0x20 || $0 == 0x5b || $0 == 0x5d || $0 == 0x2e } && contains(line, " r")
            || contains(line, "maps")
    }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) || b == 0x5f || b == 0x28 || b == 0x29
    }

    static func isHex(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }

    static func contains(_ line: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard line.count >= n.count, let first = n.first else { return false }
        var i = 0
        let last = line.count - n.count
        while i <= last {
            if line[i] == first {
                var j = 1
                while j < n.count, line[i + j] == n[j] { j += 1 }
                if j == n.count { return true }
            }
            i += 1
        }
        return false
    }
}
