// Fuzz target: what `trend` and `compare` compute from a parsed capture — the robust fits, the
// slab Σ check, heap-owner sums — and their text, on arbitrary bytes. Numbers in a dump are
// text: any value the parsers accept must give a verdict, never an overflow trap.
import Captures
@testable import Investigation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvestigation(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let capture = Capture.parse(bytes: bytes)
    // A page size from the input too: --page-size is user input.
    let pageSize = Int64(bitPattern: UInt64(bytes.first ?? 0) << 56 | 4096)
    for page in [4096, pageSize] {
        var trend = TrendAccumulator(pageSize: page)
        for sample in capture.samples { trend.add(sample) }
        _ = trend.analysis().renderText(skippedCounts: capture.skippedCounts)
        if let first = capture.samples.first, let last = capture.samples.last {
            let comparison = Comparison.compute(before: ComparisonSide(first), after: ComparisonSide(last), pageSize: page)
            _ = comparison.renderText()
            let reversed = Comparison.compute(before: ComparisonSide(last), after: ComparisonSide(first), pageSize: page)
            _ = reversed.renderText()
        }
    }
    return 0
}
