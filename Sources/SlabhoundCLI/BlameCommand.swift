import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell
import Symbolication

/// `slabhound blame`: who allocates and never frees — allocation backtraces grouped by the
/// first frame past the allocator, symbolized, with outstanding counts from alloc/free lines.
struct BlameCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blame",
        abstract: "Group allocation backtraces by allocation site; with --alloc/--free, rank sites by what was never freed.",
        discussion: """
        Reads print_trace blocks (`Obtained N stack frames.` + backtrace_symbols() frames), \
        kmemleak reports and SLUB alloc_calls/alloc_traces lists. The allocation site of a \
        backtrace is its first frame outside the allocator: by default the frames of the library \
        that printed the trace (the library of the first frame) and, for kernel stacks, the \
        slab/page allocator are skipped; --allocator NAME skips more functions (an inlined \
        allocator is peeled off its caller's line). All frames are resolved with gdb in one pass \
        and grouped by function, file:line and module (module+offset when unresolved).

        With --alloc and --free (regular expressions, ICU syntax, each with a named group \
        `addr`; --alloc may have `size`), each allocation line is tied to the backtrace just \
        before it; a later free of the same address releases the most recent outstanding \
        allocation of that address (allocators reuse addresses). Outstanding = allocations never \
        freed; outstanding bytes = their sizes. The backtrace must come before its allocation \
        line, with no other backtrace between them (threads printing at once can \
        mix them up). Example for the example log:
          --alloc 'alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)'
          --free 'free (?<addr>0x[0-9a-f]+)'
        Without them, outstanding is unknown (`?`, JSON null) except for kmemleak objects and \
        alloc_calls/alloc_traces counts (live objects, outstanding by definition); sites are \
        then ranked by allocations. Rank: outstanding bytes, then allocations.

        --git-blame shows who last committed the site's line when its source file is in a git \
        work tree (`git blame` of HEAD; textconv and fsmonitor off).
        """
    )

    @OptionGroup var symbols: SymbolOptions

    @Flag(help: "Print one JSON document: {\"sites\": [...]} (see README).")
    var json = false

    @OptionGroup var pairing: AllocationPairingOptions

    @Argument(help: "Logs to read ('-' for stdin), each paired on its own; nothing: in the shell, the session's backtraces (`capture`, pastes), else stdin.")
    var files: [String] = []

    func run() async throws {
        let diagnostics = Diagnostics()
        var inputs: [InputSource] = []
        defer { inputs.forEach { $0.remove() } }
        let scanned: AllocationAnalysis.Scanned
        if files.isEmpty, let state = ShellState.current, state[ShellSessionKey.self] {
            scanned = try AllocationAnalysis.session(state, pattern: try pairing.pattern())
        } else {
            inputs = try (files.isEmpty ? ["-"] : files).map { try InputSource.open($0) }
            scanned = try AllocationAnalysis.scan(inputs, pattern: try pairing.pattern())
        }
        let log = scanned.log

        // Without gdb the sites are grouped by module+offset.
        var frames = AllocationAnalysis.unresolved(log.blocks)
        var locations = ""
        if !log.blocks.isEmpty {
            do {
                let resolution = try await AllocationAnalysis.resolve(log.blocks, maps: scanned.maps, symbols: symbols,
                                                                      diagnostics: diagnostics)
                frames = resolution.blocks
                locations = "; " + resolution.summary
            } catch {
                diagnostics.warn("cannot symbolize (\(error)); sites are grouped by module and offset")
            }
        }
        let report = BlameReport.build(log: log, frames: frames, filter: pairing.filter)

        var blames: [AllocationSite.Key: GitBlameLine] = [:]
        if pairing.gitBlame {
            let finder = GitBlameFinder(locator: pairing.locator)
            for row in report.rows {
                if let found = finder.blame(row.site, diagnostics: diagnostics) { blames[row.site.key] = found }
            }
        }

        let out = OutputBuffer()
        if json {
            out.line(try JSONText.encode(BlameReportJSON(report: report, gitBlame: blames)))
        } else {
            let notes = blames.mapValues { $0.text(date: GitBlameFinder.date($0.authorTime)) }
            for line in report.text(notes: notes) { out.line(line) }
        }
        out.flush()
        if log.blocks.isEmpty {
            diagnostics.warn("no allocation backtraces found")
        } else {
            let leaking = report.leaking.count
            diagnostics.warn("\(log.blocks.count) backtraces, \(report.rows.count) sites"
                + (log.paired ? ", \(leaking) with outstanding allocations" : "") + locations)
        }
        if log.paired, log.allocationLines == 0 {
            diagnostics.warn("--alloc matched no line: check the pattern against the log")
        }
    }
}
