/// Prints the input unchanged, in order, with each frame's location under the line where the
/// frame ends (the text output of `symbolize` and of a paste in the shell).
public struct AnnotatedTextWriter {
    /// The next frame to print; `TraceInputScan` gives frames in the order of the line they are
    /// annotated after.
    private var next = 0
    private let annotateAfter: [Int]
    private let resolved: ResolvedFrames
    private let formatter: AnnotationFormatter
    /// Annotation lines per outcome, by outcome index: a stress log prints a few outcomes tens
    /// of thousands of times.
    private var formatted: [[String]?]

    public init(scan: TraceInputScan, resolved: ResolvedFrames, formatter: AnnotationFormatter) {
        self.formatter = formatter
        self.resolved = resolved
        annotateAfter = Array(scan.annotateAfter.prefix(resolved.count))
        formatted = Array(repeating: nil, count: resolved.outcomes.count)
    }

    /// The annotation lines that go after input line `number`. Lines must be asked for in
    /// increasing order.
    public mutating func annotations(afterInputLine number: Int) -> [String] {
        var out: [String] = []
        while next < annotateAfter.count, annotateAfter[next] <= number {
            let index = next
            next += 1
            guard annotateAfter[index] == number else { continue }  // a line that was skipped
            out += lines(forOutcome: resolved.outcomeOfFrame[index])
        }
        return out
    }

    /// The formatter reads an outcome's location, reason and warnings, never its frame.
    private mutating func lines(forOutcome outcome: Int) -> [String] {
        if let known = formatted[outcome] { return known }
        let made = formatter.lines(for: resolved.outcomes[outcome])
        formatted[outcome] = made
        return made
    }
}
