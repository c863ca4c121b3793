/// The blame table as the report shows it: the ranked sites, the source lines around each
/// site's line when the file was found on disk, and who last changed it (`git blame`).
public struct ReportBlame: Sendable, Equatable {
    /// A line of source: its 1-based number and text as read from the file.
    public struct SourceLine: Sendable, Equatable {
        public var number: Int
        public var text: String
        public init(number: Int, text: String) {
            self.number = number
            self.text = text
        }
    }

    public var report: BlameReport
    /// Per site key: a few lines around the site's line (the site's line among them).
    public var sources: [AllocationSite.Key: [SourceLine]]
    /// Per site key: one line on who last changed it.
    public var notes: [AllocationSite.Key: String]
    /// A file the allocation log was read from, and how many lines of earlier files come
    /// before it (the log numbers lines across all its files).
    public struct Input: Sendable, Equatable {
        public var name: String
        /// nil when unknown (the shell session's traces, numbered across pastes).
        public var lineOffset: Int?
        public init(name: String, lineOffset: Int?) {
            self.name = name
            self.lineOffset = lineOffset
        }
    }

    public var inputs: [Input]

    public init(report: BlameReport, sources: [AllocationSite.Key: [SourceLine]] = [:],
                notes: [AllocationSite.Key: String] = [:], inputs: [Input] = []) {
        self.report = report
        self.sources = sources
        self.notes = notes
        self.inputs = inputs
    }

    /// `seed-print-trace.txt line 5` for a line numbered across the inputs.
    public func place(ofLine line: Int) -> String {
        let known = inputs.filter { $0.lineOffset != nil }
        guard known.count == inputs.count, let input = known.last(where: { $0.lineOffset! < line }) else {
            return "input line \(line)"
        }
        return "\(input.name) line \(line - input.lineOffset!)"
    }
}
