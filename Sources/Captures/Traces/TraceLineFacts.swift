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
        mapsEntry = ProcMapsParser.entry(stripped.bytes, lineNumber: 0)  // rejects on its first bytes
        isCallTraceHeader = TraceBytes.find(stripped.bytes, "call trace:", ignoringCase: true) != nil
    }
}
