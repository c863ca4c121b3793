/// Collects a capture that arrives piece by piece — a file read in chunks, or dumps pasted into
/// the shell one after another. Unlike `CaptureSegmenter` it keeps every sample.
public final class CaptureReader {
    public let segmenter: CaptureSegmenter
    public private(set) var samples: [CaptureSample] = []

    public init(options: CaptureSegmenter.Options = .init()) {
        segmenter = CaptureSegmenter(options: options)
    }

    public func append(_ text: String) {
        samples += segmenter.feed(text)
    }

    public func append(_ bytes: [UInt8]) {
        samples += segmenter.feed(bytes)
    }

    public func append(_ bytes: UnsafeRawBufferPointer) {
        segmenter.feed(bytes) { samples.append($0) }
    }

    /// The capture so far, including the sample still in progress — without ending the input,
    /// so more text can be appended afterwards.
    public var snapshot: Capture {
        var all = samples
        if var pending = segmenter.pendingSample, !pending.isEmpty {
            pending.index = all.count
            all.append(pending)
        }
        return capture(all)
    }

    /// Ends the input and returns the capture.
    public func finish() -> Capture {
        segmenter.finish { samples.append($0) }
        return capture(samples)
    }

    private func capture(_ samples: [CaptureSample]) -> Capture {
        Capture(samples: samples, skipped: segmenter.skipped, skippedCounts: segmenter.skippedCounts,
                lines: segmenter.linesRead, bytes: segmenter.bytesRead)
    }
}
