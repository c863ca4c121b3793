// Fuzz target: every trace parser of Captures on arbitrary text — kernel/user frames, the
// soft-wrap joining scanner, /proc/PID/maps, OOM reports, kmemleak and alloc_calls dumps.
// Properties beyond "no crash": the scanner reports every input line exactly once, in order
// (its documented contract), whatever the text; a line's shared TraceLineFacts equal its parse.
@testable import Captures

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapturesTraces(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)

    _ = TraceLineParser.frames(inText: text)
    for (index, line) in lines.prefix(64).enumerated() {
        let parsed = TraceLineParser.parse(line, lineNumber: index + 1)
        let entry = ProcMapsParser.entry(in: line, lineNumber: index + 1)
        // The facts symbolize shares among equal lines must be what a parse of the line gives.
        let facts = TraceLineFacts(bytes: Array(line.utf8))
        var shared = facts.match
        shared.renumber(to: index + 1)
        guard shared == parsed else { fuzzFail("TraceLineFacts.match differs from TraceLineParser.parse") }
        var sharedEntry = facts.mapsEntry
        sharedEntry?.inputLine = index + 1
        guard sharedEntry == entry else { fuzzFail("TraceLineFacts.mapsEntry differs from ProcMapsParser.entry") }
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
