import ArgumentParser
import Captures
import Investigation

/// Step 0: is it a leak at all? Reads a capture as it streams (any size) and judges its series.
struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trend",
        abstract: "Step 0: decide from a capture whether memory leaks (leaking, stable or inconclusive).",
        discussion: """
        CAPTURE is a console log (or file, `-` for stdin) with repeated /proc/meminfo, \
        /proc/slabinfo and `free` dumps, e.g. from `slabhound collector`. The verdict rests on \
        sustained growth of unreclaimable memory (SUnreclaim) or a sustained fall of available \
        memory (MemAvailable, or free's available estimate), judged with a Theil–Sen slope, a \
        Mann–Kendall test and both halves of the capture — not on MemFree, which moves with \
        the page cache, and not on one drop. With no CAPTURE, in the shell or batch mode, it \
        reads the session's capture (`capture LOG`, pasted dumps).
        """)

    @Flag(help: "Print JSON: {samples, verdict, series[], growing_caches[], summary}.")
    var json = false

    @Option(help: "Page size of the board in bytes (cache bytes = num_slabs × pagesperslab × page size).")
    var pageSize: Int = 4096

    @Argument(help: "The capture file (`-` for stdin); none: the shell session's capture.")
    var capture: String?

    func validate() throws {
        guard pageSize >= 1024, pageSize & (pageSize - 1) == 0 else {
            throw ValidationError("--page-size must be a power of two ≥ 1024")
        }
    }

    func run() async throws {
        var acc = TrendAccumulator(pageSize: Int64(pageSize))
        var skipped: [CaptureSkip.Reason: Int] = [:]
        if let capture {
            if capture == "-" { try StandardInputPolicy.check() }
            do {
                skipped = try CaptureFile.forEachSample(path: capture) { acc.add($0) }.skippedCounts
            } catch let error as InvestigationError {
                throw ValidationError(error.description)
            }
        } else {
            for sample in try SessionSamples.samples(command: "trend", usage: "a CAPTURE file") { acc.add(sample) }
        }
        let analysis = acc.analysis()
        if json {
            print(try JSONText.encode(analysis))
        } else {
            print(analysis.renderText(skippedCounts: skipped), terminator: "")
        }
    }
}
