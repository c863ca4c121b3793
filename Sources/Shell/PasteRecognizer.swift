import Captures
import Foundation

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
        if line.contains(" age=") && Pattern.allocCalls.matches(line) { return .allocCalls }
        switch TraceLineParser.parse(rawLine, lineNumber: 1).shape {
        case .none: break
        case .userBacktrace: return .userBacktrace
        case .armVerbose, .armCompact, .kernelSymbol, .kernelRegister: return .kernelTrace
        }
        if line.hasPrefix("Obtained ") && Pattern.obtained.matches(line) { return .userBacktrace }
        if line.hasPrefix("Backtrace:") || line.hasPrefix("Call Trace:") || line.hasPrefix("Call trace:") { return .kernelTrace }
        if line.hasPrefix("unreferenced object 0x") { return .kmemleak }
        if line.contains("[0x") && (Pattern.glibcFrame.matches(line) || Pattern.oldLibcFrame.matches(line)) { return .userBacktrace }
        if line.contains("[<") && Pattern.kernelAddress.matches(line) { return .kernelTrace }
        if line.contains("+0x") && Pattern.kernelSymbol.matches(line) { return .kernelTrace }
        if line.hasPrefix("MemTotal:") && Pattern.memTotal.matches(line) { return .meminfo }
        if line.hasPrefix("slabinfo - version:") || (line.hasPrefix("# name") && Pattern.slabinfoHeader.matches(line)) { return .slabinfo }
        if line.contains("total") && Pattern.freeHeader.matches(line) { return .free }
        if line.hasPrefix("Mem:") && Pattern.freeMem.matches(line) { return .free }
        if line.hasPrefix("mma heap name") { return .mmaHeap }
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
        // `<4>` log level.
        if text.count >= 3, text.first == "<", text.dropFirst().first?.isNumber == true,
           text.dropFirst(2).first == ">" {
            text = text.dropFirst(3)
        }
        // `[  123.456789] ` kernel timestamp.
        if text.first == "[", let close = text.firstIndex(of: "]") {
            let inside = text[text.index(after: text.startIndex)..<close].trimmingCharacters(in: .whitespaces)
            let parts = inside.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
                text = text[text.index(after: close)...]
                if text.first == " " { text = text.dropFirst() }
            }
        }
        return String(text)
    }
}

/// The line patterns, compiled once: these run on every line of a paste, which can be a whole
/// console log. (Regex literals would be parsed again at every use.)
private enum Pattern {
    static let obtained = compile(#"^Obtained \d+ stack frames"#)
    static let kernelAddress = compile(#"\[<[0-9a-fA-F]{6,16}>\]"#)
    static let allocCalls = compile(#"^\s*\d+ [\w.$]+\+0x[0-9a-f]+/0x[0-9a-f]+( \[\w+\])? age="#)
    // glibc backtrace_symbols: `obj(func+0xoff) [0xaddr]`, `obj(+0xoff) [0xaddr]`, `obj [0xaddr]`.
    static let glibcFrame = compile(#"^\S+\([^()\s]*\) \[0x[0-9a-fA-F]+\]$"#)
    static let oldLibcFrame = compile(#"^/\S+ \[0x[0-9a-fA-F]+\]$"#)
    // arm64/x86 style `  func+0x10/0x40 [mod]`, `? func+0x…`.
    static let kernelSymbol = compile(#"^\s*(\? )?[A-Za-z_.$][\w.$]*\+0x[0-9a-f]+/0x[0-9a-f]+( \[\w+\])?$"#)
    static let memTotal = compile(#"^MemTotal:\s+\d+ kB"#)
    static let slabinfoHeader = compile(#"^# name\s+<active_objs>"#)
    static let freeHeader = compile(#"^\s*total\s+used\s+free"#)
    static let freeMem = compile(#"^Mem:\s+\d+\s+\d+\s+\d+"#)

    static func compile(_ pattern: String) -> NSRegularExpression {
        // The patterns are constants checked by the tests; a typo here is a programming error.
        try! NSRegularExpression(pattern: pattern)
    }
}

extension NSRegularExpression {
    fileprivate func matches(_ line: String) -> Bool {
        firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }
}

extension PasteRecognizer {
    /// Number of separate trace blocks: a run of trace lines counts once, even with a few other
    /// lines inside (an OOM report's `CPU:`/`Hardware name:` lines between its header and its
    /// call trace); `Obtained N stack frames` and `invoked oom-killer` always start a new block.
    public func traceBlockCount(in text: String) -> Int {
        var count = 0
        var gap = Int.max
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let kind = kind(of: String(line))
            guard let kind, kind.isTrace else {
                if gap != Int.max { gap += 1 }
                continue
            }
            let startsBlock = kind == .oomReport || line.contains("stack frames")
            if startsBlock || gap > 3 { count += 1 }
            gap = 0
        }
        return count
    }
}
