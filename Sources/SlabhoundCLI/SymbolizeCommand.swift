import ArgumentParser
import Foundation
import Symbolication

/// `slabhound symbolize`: any text in, the same text out with every frame resolved in place.
struct SymbolizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "symbolize",
        abstract: "Resolve every kernel and print_trace frame in a log to function, file:line and inline chain.",
        discussion: """
        Reads FILE (or stdin) and prints it unchanged, each frame followed by its location. \
        Kernel frames (ARM `[<a>] (f) from [<b>] (g+off/size [mod])`, ` f from g+off/size`, \
        x86/arm64 ` func+off/size [mod]`) resolve with vmlinux and MOD.ko; glibc \
        backtrace_symbols() frames (`lib(sym+off) [addr]`, `lib(+off) [addr]`, `lib [addr]`) with \
        the library of the same name. `lib [addr]` frames need the load base: it is inferred \
        from a named frame of the same library or from /proc/PID/maps text in the input.
        """
    )

    @OptionGroup var symbols: SymbolOptions

    @Flag(name: .long, help: "Print one JSON document: {\"frames\": [...]} (see README).")
    var json = false

    @Argument(help: "The log to read; '-' or nothing for stdin.")
    var file: String?

    /// Frames read before gdb is put to work on them (see `run`).
    private static let warmUpFrames = 1_024

    func run() async throws {
        let diagnostics = Diagnostics()
        let input = try InputSource.open(file)
        defer { input.remove() }

        var scan = TraceInputScan()
        var symbolizer: Symbolizer?
        var warmUp: Task<Void, Never>?
        for line in TextLineReader(handle: try input.handle()) {
            scan.feed(bytes: line)
            if warmUp == nil, scan.frames.count >= Self.warmUpFrames {
                // A long input: let gdb start, load the modules and resolve the first frames
                // (on its own core) while the rest is read; the final resolve finds them cached.
                let started = try await SymbolizationStarter.start(symbols, diagnostics: diagnostics)
                let early = scan.frames, maps = scan.maps
                warmUp = Task { _ = await started.resolve(early, maps: maps) }
                symbolizer = started
            }
        }
        scan.finish()

        var resolved = ResolvedFrames([])
        var mode: String?
        var finishing: Task<Void, Never>?
        if !scan.frames.isEmpty {
            let symbolizer = try await { if let symbolizer { symbolizer } else { try await SymbolizationStarter.start(symbols, diagnostics: diagnostics) } }()
            // Plan every frame while gdb may still be busy with the warm-up (it waits on gdb,
            // not on this process); then one round of questions for what it did not answer.
            let plan = await symbolizer.plan(scan.frames, maps: scan.maps)
            await warmUp?.value
            resolved = await symbolizer.finish(plan)
            mode = await symbolizer.mode
            // gdb exits and the cache files are written while the output is: awaited below.
            finishing = Task { await SymbolizationStarter.finish(symbolizer) }
        }

        do {
            try writeOutput(scan: scan, resolved: resolved, mode: mode, input: input)
        } catch {
            await finishing?.value  // gdb's exit and the cache files, whatever happened to stdout
            throw error
        }
        await finishing?.value
        let count = resolved.resolvedCount
        if scan.frames.isEmpty {
            diagnostics.warn("no frames found in \(input.displayName)")
        } else {
            diagnostics.warn("resolved \(count) of \(scan.frames.count) frames with gdb (\(mode ?? "?"))")
        }
    }

    /// The input again, each frame's location under its line (or the JSON document).
    private func writeOutput(scan: TraceInputScan, resolved: ResolvedFrames, mode: String?, input: InputSource) throws {
        let out = OutputBuffer()
        if json {
            let document = SymbolizeJSON(frames: resolved.map(FrameJSON.init), mode: mode)
            out.line(try JSONText.encode(document))
        } else {
            var writer = AnnotatedTextWriter(scan: scan, resolved: resolved,
                                             formatter: AnnotationFormatter(colour: TerminalStyle.useColour))
            var number = 0
            var reader = TextLineReader(handle: try input.handle())
            while let piece = reader.nextPiece() {
                number += 1
                // As read: invalid UTF-8 and all; a line over the reader's limit was read in
                // pieces (numbered like lines) and is written back whole.
                out.write(piece.bytes)
                if piece.endsLine { out.write([UInt8(ascii: "\n")]) }
                let annotations = writer.annotations(afterInputLine: number)
                if !annotations.isEmpty, !piece.endsLine { out.write([UInt8(ascii: "\n")]) }
                for text in annotations { out.line(text) }
            }
        }
        out.flush()
    }
}
