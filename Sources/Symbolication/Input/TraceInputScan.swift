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

    public init() {}

    /// Feeds one physical line (without `\n`).
    public mutating func feed(_ line: String) {
        lineCount += 1
        if let entry = ProcMapsParser.entry(in: line, lineNumber: lineCount), let path = entry.path, path.hasPrefix("/") {
            maps.append(MappedRegion(path: path, start: entry.start, fileOffset: entry.offset, line: lineCount))
        }
        take(scanner.feed(line))
    }

    public mutating func finish() {
        take(scanner.finish())
    }

    private mutating func take(_ matches: [TraceLineMatch]) {
        for match in matches {
            for frame in match.frames {
                frames.append(frame)
                annotateAfter.append(match.lastLineNumber)
            }
        }
    }

    /// Convenience for text already in memory (a paste in the shell).
    public static func scan(text: String) -> TraceInputScan {
        var scan = TraceInputScan()
        text.split(separator: "\n", omittingEmptySubsequences: false).forEach { scan.feed(String($0)) }
        scan.finish()
        return scan
    }
}
