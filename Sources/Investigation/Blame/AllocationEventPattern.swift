import Foundation

/// The user's `--alloc`/`--free` regular expressions (ICU syntax, `NSRegularExpression`), each
/// with a named group `addr` and optionally `size`.
///
/// Patterns come from the command line and lines from the board: a line longer than
/// `maxLineLength` is matched on its first `maxLineLength` characters only, which bounds what
/// a backtracking pattern can cost per line.
public struct AllocationEventPattern: @unchecked Sendable {
    /// A pattern that compiles, or why it does not (a bad pattern is the user's typo: a value
    /// to report, not a crash).
    public enum Compiled: @unchecked Sendable {
        case ready(AllocationEventPattern)
        case invalid(String)
    }

    public static let maxLineLength = 4096

    // NSRegularExpression is immutable after creation and documented thread-safe.
    private let alloc: NSRegularExpression
    private let free: NSRegularExpression
    private let allocHasSize: Bool

    private init(alloc: NSRegularExpression, free: NSRegularExpression, allocHasSize: Bool) {
        self.alloc = alloc
        self.free = free
        self.allocHasSize = allocHasSize
    }

    public static func compile(alloc: String, free: String) -> Compiled {
        let a: NSRegularExpression, f: NSRegularExpression
        switch expression(alloc, option: "--alloc") {
        case .failure(let message): return .invalid(message.text)
        case .success(let r): a = r
        }
        switch expression(free, option: "--free") {
        case .failure(let message): return .invalid(message.text)
        case .success(let r): f = r
        }
        return .ready(AllocationEventPattern(alloc: a, free: f, allocHasSize: hasGroup("size", in: alloc)))
    }

    private struct Message: Error { var text: String }

    private static func expression(_ pattern: String, option: String) -> Result<NSRegularExpression, Message> {
        guard !pattern.isEmpty else { return .failure(Message(text: "\(option): the pattern is empty")) }
        guard let regex = try? NSRegularExpression(pattern: pattern) else {
            return .failure(Message(text: "\(option) '\(pattern)': not a valid regular expression (ICU syntax)"))
        }
        guard hasGroup("addr", in: pattern) else {
            return .failure(Message(text: "\(option) '\(pattern)': needs a named group for the address, e.g. (?<addr>0x[0-9a-f]+)"))
        }
        return .success(regex)
    }

    /// NSRegularExpression cannot list its group names; a back-reference to a name that does not
    /// exist is a compile error, so compiling the pattern followed by one tells. The newline ends
    /// an `(?x)` comment; `(?!)` keeps the addition from ever matching.
    static func hasGroup(_ name: String, in pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern + "\n(?!)\\k<\(name)>")) != nil
    }

    /// The event on one line, if any. A line matching both patterns is an allocation.
    public func event(in line: String, lineNumber: Int) -> AllocationEvent? {
        let text = line.utf16.count > Self.maxLineLength ? String(line.prefix(Self.maxLineLength)) : line
        let ns = text as NSString
        let whole = NSRange(location: 0, length: ns.length)
        if let m = alloc.firstMatch(in: text, range: whole), let address = Self.group("addr", m, ns) {
            let size = allocHasSize ? Self.group("size", m, ns).flatMap(AllocationEvent.number) : nil
            return AllocationEvent(kind: .alloc, address: AllocationEvent.normalise(address), size: size, inputLine: lineNumber)
        }
        if let m = free.firstMatch(in: text, range: whole), let address = Self.group("addr", m, ns) {
            return AllocationEvent(kind: .free, address: AllocationEvent.normalise(address), inputLine: lineNumber)
        }
        return nil
    }

    /// The group's text; nil when it did not take part in the match or is empty.
    private static func group(_ name: String, _ m: NSTextCheckingResult, _ ns: NSString) -> String? {
        let r = m.range(withName: name)
        guard r.location != NSNotFound, r.length > 0 else { return nil }
        return ns.substring(with: r)
    }
}
