/// Prints the input unchanged, in order, with each frame's location under the line where the
/// frame ends (the text output of `symbolize` and of a paste in the shell).
public struct AnnotatedTextWriter {
    private var pending: [Int: [ResolvedFrame]] = [:]
    private let formatter: AnnotationFormatter

    public init(scan: TraceInputScan, resolved: [ResolvedFrame], formatter: AnnotationFormatter) {
        self.formatter = formatter
        for (index, frame) in resolved.enumerated() where index < scan.annotateAfter.count {
            pending[scan.annotateAfter[index], default: []].append(frame)
        }
    }

    /// The lines to print for input line `number` (1-based): the line itself, then annotations.
    public mutating func lines(forInputLine number: Int, text: String) -> [String] {
        var out = [text]
        if let frames = pending.removeValue(forKey: number) {
            for frame in frames { out += formatter.lines(for: frame) }
        }
        return out
    }
}
