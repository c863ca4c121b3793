// Fuzz target: every trace parser of Captures on arbitrary text — kernel/user frames, the
// soft-wrap joining scanner, /proc/PID/maps, OOM reports, kmemleak and alloc_calls dumps.
// Property beyond "no crash": the scanner reports every input line exactly once, in order
// (its documented contract), whatever the text.
@testable import Captures

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapturesTraces(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)

    _ = TraceLineParser.frames(inText: text)
    for (index, line) in lines.prefix(64).enumerated() {
        _ = TraceLineParser.parse(line, lineNumber: index + 1)
        _ = ProcMapsParser.entry(in: line, lineNumber: index + 1)
    }

    var scanner = TraceFrameScanner()
    var matches: [TraceLineMatch] = []
    for line in lines { matches += scanner.feed(line) }
    matches += scanner.finish()
    var expected = 1
    for match in matches {
        guard match.lineNumber == expected else {
            fuzzFail("scanner reported line \(match.lineNumber), expected \(expected)")
        }
        expected = match.lastLineNumber + 1
    }
    guard expected == lines.count + 1 else {
        fuzzFail("scanner reported \(expected - 1) of \(lines.count) lines")
    }

    let maps = ProcMapsParser.entries(in: text)
    _ = ProcMapsParser.loadBases(maps)
    for report in OOMReportParser.reports(in: text) {
        _ = report.textLines(number: 1)
        _ = OOMReportJSON(report: report)
    }
    let leaks = KmemleakParser.objects(in: text)
    _ = CallSiteComparison.grown(before: [], after: leaks)
    _ = CallSiteComparison.grown(before: leaks, after: leaks)
    let dumps = SlabCallSiteParser.dumps(in: text)
    _ = CallSiteComparison.grown(in: dumps)
    return 0
}
