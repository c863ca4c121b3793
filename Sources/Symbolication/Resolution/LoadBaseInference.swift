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

    /// Per module path, sorted by line.
    private var evidence: [String: [Evidence]] = [:]

    public init() {}

    /// Records evidence. Evidence that repeats the base of the evidence just before it (the next
    /// block of the same process) adds nothing and is not kept: the source is built only when
    /// kept, since a stress log brings tens of thousands of such frames.
    public mutating func record(module path: String, line: Int, base: UInt64, source: @autoclosure () -> String) {
        let at = evidence[path]?.partitioningIndex { $0.line > line } ?? 0
        if at > 0, evidence[path]![at - 1].base == base { return }
        evidence[path, default: []].insert(Evidence(line: line, base: base, source: source()), at: at)
    }

    public func evidence(for path: String) -> [Evidence] { evidence[path] ?? [] }

    /// The base for a frame of `path` printed at `line`: the nearest evidence before it (the
    /// first recorded of that line), else the nearest after.
    public func base(for path: String, atLine line: Int) -> Evidence? {
        guard let list = evidence[path], !list.isEmpty else { return nil }
        var at = list.partitioningIndex { $0.line > line }
        guard at > 0 else { return list[0] }
        at -= 1
        while at > 0, list[at - 1].line == list[at].line { at -= 1 }
        return list[at]
    }

    /// True when the evidence for a module disagrees (two processes, or a wrong symbol file).
    public func hasConflict(for path: String) -> Bool {
        Set((evidence[path] ?? []).map(\.base)).count > 1
    }
}

extension Array {
    /// The first index whose element satisfies `belongs`, for an array partitioned so that all
    /// elements that do not satisfy it come first (binary search).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if belongs(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
