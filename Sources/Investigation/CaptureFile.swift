#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Captures

/// Streams a capture file through a segmenter in large chunks — never the whole file in memory,
/// never one String — so a 100 MB log costs the same memory as a small one.
public enum CaptureFile {
    public static let chunkSize = 1 << 20

    /// Calls `body` with every sample of the file at `path` (`-` is standard input); returns the
    /// segmenter for its skip list and counts. `progress` gets the bytes read so far, per chunk.
    @discardableResult
    public static func forEachSample(path: String, options: CaptureSegmenter.Options = .init(),
                                     progress: ((Int) -> Void)? = nil,
                                     _ body: (CaptureSample) -> Void) throws -> CaptureSegmenter {
        let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
        guard fd >= 0 else {
            throw InvestigationError.cannotRead(path: path, reason: String(cString: strerror(errno)))
        }
        defer { if fd != 0 { close(fd) } }
        let segmenter = CaptureSegmenter(options: options)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw InvestigationError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            segmenter.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), emit: body)
            total += n
            progress?(total)
        }
        segmenter.finish(emit: body)
        return segmenter
    }

    /// The whole capture in memory (for small files and tests).
    public static func capture(path: String) throws -> Capture {
        var samples: [CaptureSample] = []
        let seg = try forEachSample(path: path) { samples.append($0) }
        return Capture(samples: samples, skipped: seg.skipped, skippedCounts: seg.skippedCounts,
                       lines: seg.linesRead, bytes: seg.bytesRead)
    }
}
