/// A whole capture held in memory: its samples and what was skipped. For logs of any size use
/// `CaptureSegmenter` (or `CaptureReader.feed`) and keep only what you need from each sample.
public struct Capture: Sendable, Equatable, Codable {
    public var samples: [CaptureSample]
    /// The first skipped lines (bounded), with their reasons.
    public var skipped: [CaptureSkip]
    /// Every skipped line, counted by reason.
    public var skippedCounts: [CaptureSkip.Reason: Int]
    public var lines: Int
    public var bytes: Int

    public init(samples: [CaptureSample] = [], skipped: [CaptureSkip] = [],
                skippedCounts: [CaptureSkip.Reason: Int] = [:], lines: Int = 0, bytes: Int = 0) {
        self.samples = samples
        self.skipped = skipped
        self.skippedCounts = skippedCounts
        self.lines = lines
        self.bytes = bytes
    }

    /// Parses a whole text (a console log, or one snapshot file: a bare `/proc/slabinfo` is a
    /// capture of one sample).
    public static func parse(_ text: String) -> Capture {
        let reader = CaptureReader()
        reader.append(text)
        return reader.finish()
    }

    public static func parse(bytes: [UInt8]) -> Capture {
        let reader = CaptureReader()
        reader.append(bytes)
        return reader.finish()
    }
}
