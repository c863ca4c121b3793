/// Prints the input unchanged, in order, with each frame's location under the line where the
/// frame ends (the text output of `symbolize` and of a paste in the shell).
public struct AnnotatedTextWriter {
    /// Frame indices in the order of the line they are annotated after (stable: printed order
    /// within a line), and the next one to print.
    private let order: [Int]
    private var next = 0
    private let annotateAfter: [Int]
    private let resolved: ResolvedFrames
    private let formatter: AnnotationFormatter
    /// Annotation lines per outcome: a stress log prints a few outcomes tens of thousands of
    /// times.
    private var formatted: [Int: [String]] = [:]

    public init(scan: TraceInputScan, resolved: [ResolvedFrame], formatter: AnnotationFormatter) {
        self.init(scan: scan, resolved: ResolvedFrames(resolved), formatter: formatter)
    }

    public init(scan: TraceInputScan, resolved: ResolvedFrames, formatter: AnnotationFormatter) {
        self.formatter = formatter
        self.resolved = resolved
        let count = min(resolved.count, scan.annotateAfter.count)
        let after = Array(scan.annotateAfter.prefix(count))
        annotateAfter = after
        // Frames come in line order already; sort only if a caller's scan did not.
        let indices = Array(0..<count)
        order = zip(after, after.dropFirst()).allSatisfy { $0 <= $1 }
            ? indices : indices.sorted { (after[$0], $0) < (after[$1], $1) }
    }

    /// The lines to print for input line `number` (1-based): the line itself, then annotations.
    public mutating func lines(forInputLine number: Int, text: String) -> [String] {
        [text] + annotations(afterInputLine: number)
    }

    /// The annotation lines that go after input line `number`. Lines must be asked for in
    /// increasing order.
    public mutating func annotations(afterInputLine number: Int) -> [String] {
        var out: [String] = []
        while next < order.count, annotateAfter[order[next]] <= number {
            let index = order[next]
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
