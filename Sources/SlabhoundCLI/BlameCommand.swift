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

    @Option(name: .customLong("alloc"), help: ArgumentHelp(
        "Regex of an allocation line, with (?<addr>…) and optionally (?<size>…).", valueName: "regex"))
    var allocPattern: String?

    @Option(name: .customLong("free"), help: ArgumentHelp("Regex of a free line, with (?<addr>…).", valueName: "regex"))
    var freePattern: String?

    @Option(name: .customLong("allocator"), help: ArgumentHelp(
        "A function that is part of the allocator, skipped when finding the site (repeatable).", valueName: "name"))
    var allocators: [String] = []

    @Flag(name: .customLong("git-blame"), help: "Show who last changed each site's line (git blame), when the source is in a git work tree.")
    var gitBlame = false

    @Option(name: .customLong("source-map"), help: ArgumentHelp(
        "Rewrite a source path prefix for --git-blame, like gdb's substitute-path (repeatable).", valueName: "from=to"))
    var sourceMaps: [String] = []

    @Argument(help: "Logs to read ('-' or nothing for stdin). Each is paired on its own.")
    var files: [String] = []

    func validate() throws {
        if (allocPattern == nil) != (freePattern == nil) {
            throw ValidationError("--alloc and --free go together: give both, or neither")
        }
        if let allocPattern, let freePattern, case .invalid(let message) = AllocationEventPattern.compile(alloc: allocPattern, free: freePattern) {
            throw ValidationError(message)
        }
        for map in sourceMaps where !map.contains("=") { throw ValidationError("--source-map \(map): expected FROM=TO") }
    }

    func run() async throws {
        let diagnostics = Diagnostics()
        var pattern: AllocationEventPattern?
        if let allocPattern, let freePattern {
            switch AllocationEventPattern.compile(alloc: allocPattern, free: freePattern) {
            case .ready(let ready): pattern = ready
            case .invalid(let message): throw ValidationError(message)
            }
        }

        let (report, locations) = try await Self.analyze(files: files, pattern: pattern, allocators: allocators,
                                                         symbols: symbols, diagnostics: diagnostics)
        let log = report.log

        var blames: [AllocationSite.Key: GitBlameLine] = [:]
        if gitBlame {
            let finder = GitBlameFinder(maps: sourceMaps.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), String(parts[1]))
            })
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

    /// Reads the logs (stdin when none), resolves every backtrace frame in one pass and groups
    /// the blocks into sites. Shared with other commands that show the blame table. The second
    /// value is a summary of the symbolization for stderr.
    static func analyze(files: [String], pattern: AllocationEventPattern?, allocators: [String], symbols: SymbolOptions,
                        diagnostics: Diagnostics) async throws -> (BlameReport, String) {
        var log = AllocationLog()
        var maps: [MappedRegion] = []
        var offset = 0
        for path in files.isEmpty ? ["-"] : files {
            let input = try InputSource.open(path)
            defer { input.remove() }
            var scanner = AllocationLogScanner(pattern: pattern, lineOffset: offset)
            var number = offset
            for line in TextLineReader(handle: try input.handle()) {
                let text = String(decoding: line, as: UTF8.self)
                number += 1
                if let entry = ProcMapsParser.entry(in: text, lineNumber: number), let mapped = entry.path, mapped.hasPrefix("/") {
                    maps.append(MappedRegion(path: mapped, start: entry.start, fileOffset: entry.offset, line: number))
                }
                scanner.feed(text)
            }
            log.append(scanner.finish())
            offset += scanner.lineCount
        }

        let (frames, locations) = await resolve(log, symbols: symbols, maps: maps, diagnostics: diagnostics)
        let report = BlameReport.build(log: log, frames: frames, filter: AllocatorFilter(names: allocators))

        return (report, locations)
    }

    /// Every frame of every block in one `resolve` call (it dedupes addresses and batches them),
    /// then cut back into blocks. Without gdb the sites are grouped by module+offset.
    private static func resolve(_ log: AllocationLog, symbols: SymbolOptions, maps: [MappedRegion], diagnostics: Diagnostics) async -> ([[BlameFrame]], String) {
        let all = log.blocks.flatMap(\.frames)
        guard !all.isEmpty else { return ([], "") }
        var resolved: [ResolvedFrame] = []
        var summary = ""
        do {
            let symbolizer = try await SymbolizationStarter.start(symbols, diagnostics: diagnostics)
            resolved = await symbolizer.resolve(all, maps: maps)
            let mode = await symbolizer.mode
            // What SymbolizationStarter.finish means to do: the shell's session symbolizer stays
            // up, a command's own is shut down. (finish itself, as of 8924ad5, calls itself in
            // the second case and never returns outside the shell.)
            if ShellState.current?[SessionSymbolizerKey.self]?.symbolizer === symbolizer {
                await symbolizer.flush()
            } else {
                await symbolizer.shutdown()
            }
            summary = "; resolved \(resolved.filter(\.isResolved).count) of \(all.count) frames with gdb (\(mode))"
        } catch {
            diagnostics.warn("cannot symbolize (\(error)); sites are grouped by module and offset")
        }
        var out: [[BlameFrame]] = []
        var next = 0
        for block in log.blocks {
            out.append(block.frames.map { frame in
                defer { next += 1 }
                guard next < resolved.count else { return BlameFrame(frame: frame) }
                return blameFrame(resolved[next])
            })
        }
        return (out, summary)
    }

    static func blameFrame(_ r: ResolvedFrame) -> BlameFrame {
        guard let location = r.location else { return BlameFrame(frame: r.frame, moduleOffset: r.moduleOffset) }
        let chain = ([location.innermost] + location.inlinedBy).map {
            BlameLocation(function: $0.function, file: $0.file, line: $0.line)
        }
        return BlameFrame(frame: r.frame, chain: location.fromMinimalSymbol ? [] : chain, moduleOffset: r.moduleOffset,
                          fullPath: location.fullPath)
    }
}
