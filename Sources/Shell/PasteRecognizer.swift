import Captures

/// Decides whether a line typed at the prompt is board output rather than a command, and what
/// kind. Pure: a function of the text. Frames are found by Captures' `TraceLineParser` (so the
/// shell recognises every shape the symbolizer reads); headers of dumps and reports by the
/// patterns below. Console decorations — `\r`, a kernel timestamp `[  123.456789]`, a `<4>`
/// log level — are ignored.
public struct PasteRecognizer: Sendable {
    public init() {}

    /// The kind a single line announces, nil for anything else (a typo'd command stays an error).
    public func kind(of rawLine: String) -> PasteKind? {
        let line = Self.stripConsoleDecorations(rawLine)
        guard !line.isEmpty else { return nil }
        if line.contains("invoked oom-killer") { return .oomReport }
        switch TraceLineParser.parse(rawLine, lineNumber: 1).shape {
        case .none: break
        case .userBacktrace: return .userBacktrace
        case .armVerbose, .armCompact, .kernelSymbol, .kernelRegister: return .kernelTrace
        }
        if line.firstMatch(of: #/^Obtained \d+ stack frames/#) != nil { return .userBacktrace }
        if line.firstMatch(of: #/\[<[0-9a-fA-F]{6,16}>\]/#) != nil { return .kernelTrace }
        if line.firstMatch(of: #/^(Backtrace:|Call Trace:|Call trace:)/#) != nil { return .kernelTrace }
        if line.firstMatch(of: #/^unreferenced object 0x[0-9a-f]+/#) != nil { return .kmemleak }
        if line.firstMatch(of: #/^\s*\d+ [\w.$]+\+0x[0-9a-f]+\/0x[0-9a-f]+( \[\w+\])? age=/#) != nil { return .allocCalls }
        // glibc backtrace_symbols: `obj(func+0xoff) [0xaddr]`, `obj(+0xoff) [0xaddr]`, `obj [0xaddr]`.
        if line.firstMatch(of: #/^\S+\([^()\s]*\) \[0x[0-9a-fA-F]+\]$/#) != nil { return .userBacktrace }
        if line.firstMatch(of: #/^\/\S+ \[0x[0-9a-fA-F]+\]$/#) != nil { return .userBacktrace }
        // arm64/x86 style `  func+0x10/0x40 [mod]`, `? func+0x…`.
        if line.firstMatch(of: #/^\s*(\? )?[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+( \[\w+\])?$/#) != nil { return .kernelTrace }
        if line.firstMatch(of: #/^MemTotal:\s+\d+ kB/#) != nil { return .meminfo }
        if line.hasPrefix("slabinfo - version:") || line.firstMatch(of: #/^# name\s+<active_objs>/#) != nil { return .slabinfo }
        if line.firstMatch(of: #/^\s*total\s+used\s+free/#) != nil { return .free }
        if line.firstMatch(of: #/^Mem:\s+\d+\s+\d+\s+\d+/#) != nil { return .free }
        if line.firstMatch(of: #/^\s*mma heap name\s/#) != nil { return .mmaHeap }
        return nil
    }

    /// Every kind found anywhere in a block of text.
    public func kinds(in text: String) -> Set<PasteKind> {
        var kinds = Set<PasteKind>()
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            if let kind = kind(of: String(line)) { kinds.insert(kind) }
        }
        return kinds
    }

    static func stripConsoleDecorations(_ line: String) -> String {
        var text = Substring(line)
        while let last = text.last, last == "\r" || last == " " || last == "\t" { text = text.dropLast() }
        while let first = text.first, first == " " || first == "\t" { text = text.dropFirst() }
        if let match = text.prefixMatch(of: #/<\d>/#) { text = text[match.range.upperBound...] }
        if let match = text.prefixMatch(of: #/\[\s*\d+\.\d+\]\s?/#) { text = text[match.range.upperBound...] }
        return String(text)
    }
}

extension PasteRecognizer {
    /// Number of separate trace blocks: a run of trace lines counts once.
    public func traceBlockCount(in text: String) -> Int {
        var count = 0
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let isTrace = kind(of: String(line))?.isTrace == true
            if isTrace && !inBlock { count += 1 }
            // `Obtained N stack frames` starts a new block even right after another block.
            if isTrace && inBlock && line.contains("stack frames") { count += 1 }
            inBlock = isTrace
        }
        return count
    }
}
