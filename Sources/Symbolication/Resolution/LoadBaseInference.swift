/// Infers where each user-space library was loaded, so `path [0xaddr]` frames (old libc prints
/// no offset for static functions) can be turned into module offsets.
///
/// Evidence, per module path and input line: a named frame (`lib(sym+0xoff) [0xaddr]`: base =
/// addr − off − st_value, Thumb bit included, since glibc measures from the odd value), an
/// offset frame (`lib(+0xoff) [0xaddr]`: base = addr − off), or a `/proc/PID/maps` line. The base
/// is the same for every block of one process; when a log holds several runs, the evidence
/// nearest before the frame wins (else the nearest after).
public struct LoadBaseInference: Sendable {
    public struct Evidence: Sendable, Equatable {
        public var line: Int
        public var base: UInt64
        public var source: String
    }

    private var evidence: [String: [Evidence]] = [:]

    public init() {}

    public mutating func record(module path: String, line: Int, base: UInt64, source: String) {
        evidence[path, default: []].append(Evidence(line: line, base: base, source: source))
    }

    public func evidence(for path: String) -> [Evidence] { evidence[path] ?? [] }

    /// The base for a frame of `path` printed at `line`.
    public func base(for path: String, atLine line: Int) -> Evidence? {
        guard let list = evidence[path], !list.isEmpty else { return nil }
        if let before = list.filter({ $0.line <= line }).max(by: { $0.line < $1.line }) { return before }
        return list.min(by: { $0.line < $1.line })
    }

    /// True when the evidence for a module disagrees (two processes, or a wrong symbol file).
    public func hasConflict(for path: String) -> Bool {
        Set((evidence[path] ?? []).map(\.base)).count > 1
    }
}
