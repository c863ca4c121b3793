/// A line the segmenter did not use, and why. Unknown text is data, not an error.
public struct CaptureSkip: Sendable, Equatable, Codable {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// A kernel message (`[ 12.3] ...`, `<4>...`, call-trace shapes) — the OOM parser reads
        /// those from the whole text separately.
        case kernelMessage = "kernel-message"
        case unrecognized
        case malformedMeminfo = "malformed-meminfo"
        case malformedSlabinfo = "malformed-slabinfo"
        case malformedFree = "malformed-free"
        case malformedHeap = "malformed-heap"
        /// Longer than the segmenter's line limit: truncated and dropped.
        case lineTooLong = "line-too-long"
        /// A boundary came before anything was recognised (e.g. a marker with nothing after it).
        case emptySample = "empty-sample"
    }

    /// 1-based input line.
    public var line: Int
    public var reason: Reason
    /// The start of the line (at most 160 characters, decoded lossily).
    public var text: String

    public init(line: Int, reason: Reason, text: String) {
        self.line = line
        self.reason = reason
        self.text = text
    }
}
