import ArgumentParser
import Captures
import Foundation
import Investigation
import Shell
import Symbolication

/// Allocation logs to blame rows, shared by `blame`, `report` and `guide`: the logs are scanned
/// into backtrace blocks (each file paired on its own, as addresses of two runs are unrelated),
/// every frame is resolved with one symbolizer, and the results are cut back into blocks.
enum AllocationAnalysis {
    struct Scanned {
        var log = AllocationLog()
        var maps: [MappedRegion] = []
        /// Each input's name and where its lines start in the numbering of the whole.
        var inputs: [ReportBlame.Input] = []
    }

    /// Reads the inputs in order: backtraces (tied to --alloc/--free lines with `pattern`) and
    /// /proc/PID/maps lines (load bases of position-independent code).
    static func scan(_ inputs: [InputSource], pattern: AllocationEventPattern?) throws -> Scanned {
        var scanned = Scanned()
        var offset = 0
        for input in inputs {
            scanned.inputs.append(ReportBlame.Input(name: input.displayName, lineOffset: offset))
            var scanner = AllocationLogScanner(pattern: pattern, lineOffset: offset)
            var number = offset
            for line in TextLineReader(handle: try input.handle()) {
                let text = String(decoding: line, as: UTF8.self)
                number += 1
                if let entry = ProcMapsParser.entry(in: text, lineNumber: number), let mapped = entry.path, mapped.hasPrefix("/") {
                    scanned.maps.append(MappedRegion(path: mapped, start: entry.start, fileOffset: entry.offset, line: number))
                }
                scanner.feed(text)
            }
            scanned.log.append(scanner.finish())
            offset += scanner.lineCount
        }
        return scanned
    }

    /// The backtraces the shell session holds (`capture`, pasted print_trace blocks). Their
    /// alloc/free lines were not kept, so they cannot be paired.
    static func session(_ state: ShellState, pattern: AllocationEventPattern?) throws -> Scanned {
        guard pattern == nil else {
            throw ValidationError("--alloc/--free pair the lines of a log: give the allocation log FILE (the session keeps the backtraces, not the alloc/free lines between them)")
        }
        let traces = state[GuideTracesKey.self]
        guard !traces.log.blocks.isEmpty else {
            throw ValidationError("no allocation backtraces in the session yet: `capture LOG` or paste print_trace blocks at the prompt, or give FILE")
        }
        return Scanned(log: traces.log, maps: traces.maps, inputs: [ReportBlame.Input(name: "the session's traces", lineOffset: nil)])
    }

    struct Resolution {
        /// Per block, per frame (the blocks' shape).
        var blocks: [[BlameFrame]]
        /// The `extra` frames, in order.
        var extra: [ResolvedFrame]
        /// `resolved N of M frames with gdb (mode)`, for stderr.
        var summary: String
    }

    /// Every frame of `blocks`, then `extra` (an OOM report's call trace), in one `resolve`
    /// call — it dedupes addresses and batches them — through `SymbolizationStarter`, so the
    /// shell's session gdb serves and stays up. Throws when no symbolizer could be started.
    static func resolve(_ blocks: [AllocationBlock], extra: [TraceFrame] = [], maps: [MappedRegion],
                        symbols: SymbolOptions, diagnostics: Diagnostics) async throws -> Resolution {
        let frames = blocks.flatMap(\.frames)
        let all = frames + extra
        let (resolved, mode) = try await ProgressLine.during("resolving \(all.count) frames with gdb (starting it loads the symbol files)…") {
            let symbolizer = try await SymbolizationStarter.start(symbols, diagnostics: diagnostics)
            let resolved = await symbolizer.resolve(all, maps: maps)
            let mode = await symbolizer.mode
            await SymbolizationStarter.finish(symbolizer)
            return (resolved, mode)
        }
        let summary = "resolved \(resolved.filter(\.isResolved).count) of \(resolved.count) frames with gdb (\(mode))"
        return Resolution(blocks: cut(blocks, resolved), extra: Array(resolved.dropFirst(frames.count)), summary: summary)
    }

    /// The blocks' frames as printed (grouped by module+offset): without symbols or gdb.
    static func unresolved(_ blocks: [AllocationBlock]) -> [[BlameFrame]] {
        blocks.map { $0.frames.map { BlameFrame(frame: $0) } }
    }

    /// Resolved frames (the blocks' frames first, in order) cut back into blocks. One result per
    /// frame is the symbolizer's contract; a frame without one stays as printed.
    static func cut(_ blocks: [AllocationBlock], _ resolved: [ResolvedFrame]) -> [[BlameFrame]] {
        var next = 0
        return blocks.map { block in
            block.frames.map { frame in
                defer { next += 1 }
                return next < resolved.count ? blameFrame(resolved[next]) : BlameFrame(frame: frame)
            }
        }
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
