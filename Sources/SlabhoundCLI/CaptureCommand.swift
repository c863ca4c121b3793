import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell

/// `capture`: console logs into the session capture — the same capture pasted dumps go to,
/// the one `guide` reads.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Ingest console logs into the session capture (samples, backtraces, alloc_calls, OOM reports); --show, --clear.",
        discussion: """
        Each FILE is streamed (any size; `-` for stdin): meminfo, slabinfo, free and heap dumps \
        become samples; print_trace blocks, kmemleak reports, alloc_calls dumps and \
        /proc/PID/maps lines are kept for step 4 (and `blame`), OOM-killer reports for `guide`, \
        `oom` and `report`. Without --append the files replace what the \
        session held. The report says what each file gave and what was skipped. Outside the \
        shell it only reports what the files hold.
        """)

    @Flag(help: "Add to the session capture instead of replacing it.")
    var append = false

    @Flag(help: "Empty the session capture.")
    var clear = false

    @Flag(help: "Show what the session capture holds.")
    var show = false

    @Flag(help: "Print JSON: {files: [...], session: {...}}.")
    var json = false

    @Argument(help: "Console logs or snapshot files (`-` for stdin).")
    var files: [String] = []

    func validate() throws {
        if clear && show { throw ValidationError("give --clear or --show, not both") }
        if (clear || show) && !files.isEmpty { throw ValidationError("--clear and --show take no FILE") }
        if !clear && !show && files.isEmpty { throw ValidationError("give FILE... to ingest, or --show / --clear") }
    }

    func run() async throws {
        let state = ShellState.current ?? ShellState()
        if clear {
            GuideCommand.clear(state)
            if json { print(try JSONText.encode(SessionJSON(state))) } else { print("Session capture cleared.") }
            return
        }
        if show {
            if json { print(try JSONText.encode(SessionJSON(state))) } else { print(Self.showText(state), terminator: "") }
            return
        }
        if !append { GuideCommand.clear(state) }
        var reports: [CaptureReport] = []
        for file in files {
            let report = try GuideCommand.ingest(path: file, into: state)
            reports.append(report)
            if !json { print(Self.text(report), terminator: "") }
        }
        if json {
            print(try JSONText.encode(CaptureJSON(files: reports.map(FileJSON.init), session: SessionJSON(state))))
        } else {
            let total = state[SessionCaptureKey.self].samples.count
            print("session: \(total) sample\(total == 1 ? "" : "s")" + Self.traceCounts(state))
        }
    }

    // MARK: Text

    static func text(_ r: CaptureReport) -> String {
        var out = "\(r.file): \(r.samples.count) sample\(r.samples.count == 1 ? "" : "s")"
        let kinds = kindCounts(r.samples).filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        if !kinds.isEmpty { out += " (" + kinds.joined(separator: ", ") + ")" }
        let blocks = r.log.count(of: .printTrace)
        let leaks = r.log.count(of: .kmemleak)
        var traces: [String] = []
        if blocks > 0 { traces.append("\(blocks) allocation backtrace\(blocks == 1 ? "" : "s")") }
        if leaks > 0 { traces.append("\(leaks) kmemleak object\(leaks == 1 ? "" : "s")") }
        if !r.callSiteDumps.isEmpty { traces.append("\(r.callSiteDumps.count) alloc_calls/free_calls dump\(r.callSiteDumps.count == 1 ? "" : "s")") }
        if r.oomReports > 0 { traces.append("\(r.oomReports) OOM-killer report\(r.oomReports == 1 ? "" : "s")") }
        if !traces.isEmpty { out += "; " + traces.joined(separator: ", ") }
        out += "; \(r.lines) lines read\n"
        let skipped = r.skippedCounts.values.reduce(0, +)
        let traced = blocks + leaks > 0 || !r.callSiteDumps.isEmpty || r.oomReports > 0
        if skipped > 0, traced, r.skippedCounts.keys.allSatisfy({ $0 == .unrecognized || $0 == .kernelMessage }) {
            // A trace log: its lines are not dumps, and that is no problem worth listing.
            out += "  \(skipped) line\(skipped == 1 ? "" : "s") without meminfo/slabinfo/free/heap dumps; the traces among them are kept (guide, blame, oom and report read them)\n"
        } else if skipped > 0 {
            out += "  skipped \(skipped) line\(skipped == 1 ? "" : "s") the capture parser did not use: "
            out += r.skippedCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key.rawValue < $1.key.rawValue }
                .map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ")
            out += traced ? " (the traces among them are kept)\n" : "\n"
            // Examples: malformed dumps first; unrecognized text too unless it was the traces.
            let examples = r.skipped.filter { $0.reason != .kernelMessage && $0.reason != .unrecognized }
                + r.skipped.filter { $0.reason == .unrecognized && !traced }
            for s in examples.prefix(3) {
                let text = s.text.count > 100 ? String(s.text.prefix(99)) + "…" : s.text
                out += "    line \(s.line) (\(s.reason.rawValue)): \(text)\n"
            }
        }
        if r.samples.isEmpty && !traced {
            out += "  nothing slabhound reads was found: it takes meminfo, slabinfo, free and heap dumps, print_trace blocks, kmemleak and alloc_calls (`slabhound collector` prints a loop that records them)\n"
        }
        return out
    }

    static func kindCounts(_ samples: [CaptureSample]) -> [(String, Int)] {
        [("meminfo", samples.filter { $0.meminfo != nil }.count),
         ("slabinfo", samples.filter { $0.slabinfo != nil }.count),
         ("free", samples.filter { $0.free != nil }.count),
         ("heap", samples.filter { !$0.heaps.isEmpty }.count),
         ("alloc_calls", samples.filter { !$0.allocCalls.isEmpty }.count)]
    }

    static func traceCounts(_ state: ShellState) -> String {
        let traces = state[GuideTracesKey.self]
        let blocks = traces.log.count(of: .printTrace)
        let leaks = traces.log.count(of: .kmemleak)
        var parts: [String] = []
        if blocks > 0 { parts.append("\(blocks) allocation backtraces") }
        if leaks > 0 { parts.append("\(leaks) kmemleak objects") }
        if !traces.callSiteDumps.isEmpty { parts.append("\(traces.callSiteDumps.count) alloc_calls dumps") }
        if !traces.ooms.isEmpty { parts.append("\(traces.ooms.count) OOM-killer report\(traces.ooms.count == 1 ? "" : "s")") }
        return parts.isEmpty ? "" : ", " + parts.joined(separator: ", ")
    }

    static func showText(_ state: ShellState) -> String {
        let samples = state[SessionCaptureKey.self].samples
        let traces = state[GuideTracesKey.self]
        var out = "session capture: \(samples.count) sample\(samples.count == 1 ? "" : "s")"
        let kinds = kindCounts(samples).filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        if !kinds.isEmpty { out += " (" + kinds.joined(separator: ", ") + ")" }
        out += traceCounts(state) + "\n"
        for segment in GuideCommand.segments(traces, samples: samples.count) {
            out += "  samples \(segment.range.lowerBound + 1)–\(segment.range.upperBound): \(segment.name)\n"
        }
        if samples.isEmpty && traces.log.blocks.isEmpty && traces.ooms.isEmpty {
            out += "  empty: `capture LOG` reads a console log, or paste a dump at the prompt\n"
        }
        return out
    }
}

// MARK: JSON

private struct CaptureJSON: Encodable {
    var files: [FileJSON]
    var session: SessionJSON
}

private struct FileJSON: Encodable {
    var file: String
    var samples: Int
    var meminfo: Int, slabinfo: Int, free: Int, heaps: Int
    var allocCalls: Int
    var backtraces: Int
    var kmemleak: Int
    var callSiteDumps: Int
    var oomReports: Int
    var lines: Int
    var skipped: [String: Int]

    enum CodingKeys: String, CodingKey {
        case file, samples, meminfo, slabinfo, free, heaps, backtraces, kmemleak, lines, skipped
        case allocCalls = "alloc_calls", callSiteDumps = "call_site_dumps", oomReports = "oom_reports"
    }

    init(_ r: CaptureReport) {
        file = r.file
        samples = r.samples.count
        let k = Dictionary(uniqueKeysWithValues: CaptureCommand.kindCounts(r.samples))
        meminfo = k["meminfo"]!; slabinfo = k["slabinfo"]!; free = k["free"]!; heaps = k["heap"]!; allocCalls = k["alloc_calls"]!
        backtraces = r.log.count(of: .printTrace)
        kmemleak = r.log.count(of: .kmemleak)
        callSiteDumps = r.callSiteDumps.count
        oomReports = r.oomReports
        lines = r.lines
        skipped = Dictionary(uniqueKeysWithValues: r.skippedCounts.map { ($0.key.rawValue, $0.value) })
    }
}

private struct SessionJSON: Encodable {
    struct Input: Encodable {
        var name: String
        var first: Int
        var last: Int
    }
    var samples: Int
    var backtraces: Int
    var kmemleak: Int
    var callSiteDumps: Int
    var oomReports: Int
    var inputs: [Input]

    enum CodingKeys: String, CodingKey {
        case samples, backtraces, kmemleak, inputs
        case callSiteDumps = "call_site_dumps", oomReports = "oom_reports"
    }

    init(_ state: ShellState) {
        let count = state[SessionCaptureKey.self].samples.count
        let traces = state[GuideTracesKey.self]
        samples = count
        backtraces = traces.log.count(of: .printTrace)
        kmemleak = traces.log.count(of: .kmemleak)
        callSiteDumps = traces.callSiteDumps.count
        oomReports = traces.ooms.count
        inputs = GuideCommand.segments(traces, samples: count).map {
            Input(name: $0.name, first: $0.range.lowerBound + 1, last: $0.range.upperBound)
        }
    }
}
