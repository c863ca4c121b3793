// Fuzz target: the console-log segmenter and the snapshot parsers behind it (meminfo, slabinfo,
// free, MMA heap dumps, timestamps, alloc_calls) on arbitrary bytes. Property beyond "no
// crash": feeding the same bytes in two chunks cut anywhere gives the same capture as one chunk
// (the segmenter is documented to take chunks of any size).
@testable import Captures

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapturesSnapshots(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let whole = Capture.parse(bytes: bytes)

    let cut = fuzzSplit(bytes)
    let reader = CaptureReader()
    reader.append(Array(bytes[..<cut]))
    reader.append(Array(bytes[cut...]))
    let chunked = reader.finish()
    guard chunked == whole else {
        fuzzFail("capture differs when cut at \(cut): \(chunked.samples.count) vs \(whole.samples.count) samples")
    }
    // Small line limit: exercises the cut-and-drop path of long lines.
    let segmenter = CaptureSegmenter(options: .init(maxLineLength: 256, skipLimit: 4, allocCallsLimit: 4))
    _ = segmenter.feed(bytes)
    _ = segmenter.finish()
    return 0
}
