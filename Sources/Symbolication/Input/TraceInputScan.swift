import Captures

/// The first pass over a symbolize input: the frames (with the line after which each is
/// annotated — the last line of a soft-wrapped frame) and the `/proc/PID/maps` lines, which give
/// load bases. Only these are kept; the text itself is re-read for output.
public struct TraceInputScan: Sendable {
    public var frames: [TraceFrame] = []
    /// For each frame (same index), the input line after which its annotation goes.
    public var annotateAfter: [Int] = []
    public var maps: [MappedRegion] = []
    public var lineCount = 0

    private var scanner = TraceFrameScanner()
    /// The last `pc :`/`RIP:` frame and the line of the last `Call trace:` header after it.
    private var lastProgramCounter: TraceFrame?
    private var callTraceHeaderLine: Int?
    /// How far (in lines) a register dump and its call trace may be apart.
    private static let registerDumpReach = 80
    /// Facts of the distinct lines seen so far, bounded: lines longer than
    /// `rememberedLineBytes` and lines after the first `rememberedLines` distinct ones are parsed
    /// every time; when fewer than a quarter of the first `probeLines` distinct lines came
    /// again, the table is dropped (a log of all-different lines costs a parse each, as without it).
    private var seen: [LineKey: TraceLineFacts] = [:]
    private static let rememberedLines = 16_384
    private static let probeLines = 1_024
    private var remembering = true
    private var repeats = 0
    private static let rememberedLineBytes = 1_024

    public init() {}

    /// Feeds one physical line (without `\n`).
    public mutating func feed(_ line: String) {
        feed(bytes: Array(line.utf8))
    }

    /// Feeds one physical line as read (without `\n`). A line seen before is not parsed again:
    /// its facts come from `seen` (stress logs repeat a few stacks tens of thousands of times).
    public mutating func feed(bytes line: [UInt8]) {
        lineCount += 1
        let facts: TraceLineFacts
        if remembering, line.count <= Self.rememberedLineBytes {
            let key = LineKey(bytes: line)
            if let known = seen[key] {
                facts = known
                repeats += 1
            } else {
                facts = TraceLineFacts(bytes: line)
                if seen.count < Self.rememberedLines { seen[key] = facts }
                // A log whose lines do not repeat (a dump of distinct addresses) pays for the
                // table and gains nothing: stop using it.
                if seen.count == Self.probeLines, repeats < seen.count / 4 {
                    remembering = false
                    seen = [:]
                }
            }
        } else {
            facts = TraceLineFacts(bytes: line)
        }
        if let entry = facts.mapsEntry, let path = entry.path, path.hasPrefix("/") {
            maps.append(MappedRegion(path: path, start: entry.start, fileOffset: entry.offset, line: lineCount))
        }
        if facts.isCallTraceHeader { callTraceHeaderLine = lineCount }
        let match = facts.match
        if let number = scanner.passThrough(match) {
            // The scanner hands this line straight back: its frames are numbered as they are
            // copied, without a renumbered copy of the shared match.
            for var frame in match.frames {
                frame.inputLine = number
                markUnwoundProgramCounter(&frame)
                frames.append(frame)
                annotateAfter.append(number)
            }
        } else {
            take(scanner.feed(parsed: match))
        }
    }

    public mutating func finish() {
        take(scanner.finish())
    }

    private mutating func take(_ matches: [TraceLineMatch]) {
        for match in matches {
            for var frame in match.frames {
                markUnwoundProgramCounter(&frame)
                frames.append(frame)
                annotateAfter.append(match.lastLineNumber)
            }
        }
    }

    /// A kernel that unwinds from saved registers prints the PC again as the first entry of
    /// `Call trace:` (arm64 6.1: ` __alloc_pages+0x40/0x6c` after `pc : __alloc_pages+0x40/0x6c`;
    /// newer kernels add ` (P)`, which the parser reads). That entry is a PC too: looking it up
    /// as a return address would land one instruction early.
    private mutating func markUnwoundProgramCounter(_ frame: inout TraceFrame) {
        if frame.isProgramCounter {
            lastProgramCounter = frame
            callTraceHeaderLine = nil
            return
        }
        guard frame.kind == .kernel, let header = callTraceHeaderLine, frame.inputLine > header else { return }
        callTraceHeaderLine = nil  // only the first entry after the header
        guard let pc = lastProgramCounter, frame.inputLine - pc.inputLine <= Self.registerDumpReach,
              pc.function == frame.function, pc.offset == frame.offset, pc.size == frame.size,
              pc.module == frame.module else { return }
        frame.isProgramCounter = true
    }

    /// Convenience for text already in memory (a paste in the shell).
    public static func scan(text: String) -> TraceInputScan {
        var scan = TraceInputScan()
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).forEach { scan.feed(bytes: Array($0)) }
        scan.finish()
        return scan
    }
}

/// A line's bytes as a dictionary key, hashed in one call over the buffer rather than byte by byte.
private struct LineKey: Hashable, Sendable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
