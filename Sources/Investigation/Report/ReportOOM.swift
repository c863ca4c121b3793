import Captures

/// An OOM-killer report with its call trace's source locations, when symbols were given.
public struct ReportOOM: Sendable, Equatable {
    public var report: OOMReport
    /// Per call-trace entry (same count and order), or nil when nothing was symbolized.
    public var resolutions: [OOMFrameResolution?]?
    /// Where it was read from (a file name as the user gave it).
    public var source: String

    public init(report: OOMReport, resolutions: [OOMFrameResolution?]? = nil, source: String) {
        self.report = report
        self.resolutions = resolutions
        self.source = source
    }
}
