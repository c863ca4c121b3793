/// Streams lines through `TraceLineParser`, joining a frame that a mail client soft-wrapped over
/// two lines (`[<c007e015>] (kmem_cache_alloc) from [<bfb2542b>]` / `(mi_sys_…+0x176/0x2cc [mi_sys])`).
///
/// A line is held back only when it ends inside a frame (`isDangling`). The next non-blank line
/// (one blank line may sit between, as in logs that double every newline) is joined to it — with
/// a blank, or without one for a cut inside a word — unless it starts a printk record of its own
/// (timestamp, level, syslog header). The join is kept only when it yields a complete frame and
/// loses none of the next line's frames; otherwise both lines are reported as they are.
///
/// Every input line is reported exactly once, in order: either in its own match or inside the
/// range `lineNumber...lastLineNumber` of a joined one. Memory is bounded by two lines.
public struct TraceFrameScanner: Sendable {
    private var lineNumber = 0
    private var held: TraceLineMatch?
    private var heldBlanks: [TraceLineMatch] = []

    public init() {}

    /// Feeds the next physical line (without its `\n`); returns the matches that are final.
    public mutating func feed(_ text: some StringProtocol) -> [TraceLineMatch] {
        feed(stripped: StrippedTraceLine(text))
    }

    /// Feeds the next physical line as raw bytes (without its `\n`).
    public mutating func feed(bytes: some Collection<UInt8>) -> [TraceLineMatch] {
        feed(stripped: StrippedTraceLine(bytes: bytes))
    }

    mutating func feed(stripped: StrippedTraceLine) -> [TraceLineMatch] {
        lineNumber += 1
        return accept(TraceLineParser.parse(stripped, lineNumber: lineNumber))
    }

    /// For a caller that parses each distinct line once (`feed(parsed:)`): when `feed(parsed:)`
    /// would hand `match` straight back as the next line's only match (nothing is held back,
    /// and the line is complete: neither cut inside a frame nor open to a continuation), counts
    /// the line and returns its number: the caller takes the frames itself, numbered to it,
    /// without the renumbered copy `feed(parsed:)` makes. Otherwise nil, and nothing changes.
    public mutating func passThrough(_ match: TraceLineMatch) -> Int? {
        guard held == nil, heldBlanks.isEmpty, !match.isDangling, !match.endsOpen else { return nil }
        lineNumber += 1
        return lineNumber
    }

    /// Feeds the next physical line already parsed (`TraceLineFacts.match`, at any line number):
    /// the match is renumbered to the line it stands for. Lets a caller parse each distinct
    /// line text once.
    public mutating func feed(parsed: TraceLineMatch) -> [TraceLineMatch] {
        lineNumber += 1
        var current = parsed
        current.renumber(to: lineNumber)
        return accept(current)
    }

    private mutating func accept(_ current: TraceLineMatch) -> [TraceLineMatch] {
        var out: [TraceLineMatch] = []
        if let pending = held {
            if current.line.body.isEmpty, heldBlanks.isEmpty {
                heldBlanks.append(current)
                return []
            }
            held = nil
            let blanks = heldBlanks
            heldBlanks = []
            if !current.line.body.isEmpty, let joined = Self.join(pending, current) {
                if joined.isDangling, joined.lastLineNumber - joined.lineNumber < 3 {
                    // Still cut (a frame wrapped over three lines, or a trace truncated
                    // mid-frame): keep holding; a truncated frame yields no frame at all rather
                    // than a wrong one made of its tail.
                    held = joined
                    return []
                }
                out.append(joined)
                return out
            }
            out.append(pending)
            out += blanks
        }
        if current.isDangling || current.endsOpen {
            held = current
        } else {
            out.append(current)
        }
        return out
    }

    /// Ends the input: returns what was held back.
    public mutating func finish() -> [TraceLineMatch] {
        var out: [TraceLineMatch] = []
        if let pending = held { out.append(pending) }
        out += heldBlanks
        held = nil
        heldBlanks = []
        return out
    }

    static func score(_ m: TraceLineMatch) -> Int {
        // More frames first; then the more complete frames (a joined wrap gains the address,
        // module or function its halves lacked).
        m.frames.count * 10 + (m.armCallee == nil ? 0 : 1) - (m.isDangling ? 100 : 0)
            + m.frames.reduce(0) {
                $0 + ($1.address != nil ? 1 : 0) + ($1.module != nil ? 1 : 0) + ($1.function != nil ? 1 : 0) + ($1.reliable ? 0 : 1)
            }
    }

    static func join(_ first: TraceLineMatch, _ next: TraceLineMatch) -> TraceLineMatch? {
        guard !next.line.startsRecord else { return nil }
        var best: TraceLineMatch?
        for separator in [[UInt8(0x20)], []] {
            var line = first.line
            line.bytes = first.line.bytes + separator + next.line.bytes
            line.body = String(decoding: line.bytes, as: UTF8.self)
            var m = TraceLineParser.parse(line, lineNumber: first.lineNumber)
            m.lastLineNumber = next.lineNumber
            m.frames = m.frames.map { var f = $0; f.inputLine = first.lineNumber; return f }
            if m.isDangling {
                // The pair is still inside one cut frame (the next line is its middle, or the
                // text ends inside it): hold it; its tail alone would be a wrong frame. Only a
                // line that was really cut gets this; an open one is complete already.
                if first.isDangling, best == nil { best = m }
                continue
            }
            // One frame completed, not two lines' frames run together; and better than the two
            // lines read apart.
            guard !m.frames.isEmpty, m.frames.count == max(first.frames.count, next.frames.count, 1),
                  score(m) > score(first) + score(next) else { continue }
            if best == nil || best!.isDangling || score(m) > score(best!) { best = m }
        }
        return best
    }
}
