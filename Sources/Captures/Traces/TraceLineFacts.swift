/// What a first pass over a symbolize input needs from one physical line, stripped once: the
/// frames on it, the `/proc/PID/maps` entry it is, and whether it is a `Call trace:` header.
///
/// A pure function of the line's bytes, computed at line number 0, so equal lines can share one
/// value: a stress log repeats a few dozen distinct lines tens of thousands of times, and
/// `TraceFrameScanner.feed(parsed:)` renumbers the match for the line it stands for.
public struct TraceLineFacts: Sendable {
    /// The line parsed as if it were line 0 (frames have `inputLine` 0).
    public let match: TraceLineMatch
    /// The maps entry (with `inputLine` 0), when the line is one.
    public let mapsEntry: ProcMapsEntry?
    /// True when the line contains `Call trace:` in any letter case (arm64 and x86 print
    /// `Call trace:`, ARM `Call Trace:` in older kernels).
    public let isCallTraceHeader: Bool

    public init(bytes: some Collection<UInt8>) {
        let stripped = StrippedTraceLine(bytes: bytes)
        match = TraceLineParser.parse(stripped, lineNumber: 0)
        mapsEntry = Self.mayBeMapsLine(stripped.bytes) ? ProcMapsParser.entry(stripped.bytes, lineNumber: 0) : nil
        isCallTraceHeader = Self.containsCallTrace(stripped.bytes)
    }

    /// A maps line starts `hex-hex `: reject every other line on its first bytes.
    static func mayBeMapsLine(_ b: [UInt8]) -> Bool {
        var i = 0
        while i < b.count, TraceBytes.isHexDigit(b[i]) { i += 1 }
        return i > 0 && i < b.count && b[i] == 0x2D
    }

    private static let callTrace = Array("call trace:".utf8)

    /// ASCII case-insensitive search for `call trace:`.
    static func containsCallTrace(_ b: [UInt8]) -> Bool {
        let needle = callTrace
        guard b.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= b.count {
            if b[i] | 0x20 == needle[0] {
                var k = 1
                while k < needle.count, (needle[k] == 0x20 || needle[k] == 0x3A ? b[i + k] : b[i + k] | 0x20) == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
