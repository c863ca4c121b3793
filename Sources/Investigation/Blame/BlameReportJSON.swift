/// The `--json` document of `blame`:
/// `{"sites": [{"function", "file", "line", "module", "inlined_by", "allocations",
/// "outstanding", "outstanding_bytes", "example_stack": [...]}]}`.
public struct BlameReportJSON: Sendable, Encodable, Equatable {
    public struct Site: Sendable, Encodable, Equatable {
        public var function: String?
        public var file: String?
        public var line: Int?
        public var module: String
        public var inlinedBy: [BlameLocation]
        public var allocations: Int
        public var outstanding: Int?
        public var outstandingBytes: Int64?
        public var exampleStack: [Frame]
        /// `git blame` of the site's line, when asked for and found.
        public var gitBlame: GitBlameLine?

        enum CodingKeys: String, CodingKey {
            case function, file, line, module, allocations, outstanding
            case inlinedBy = "inlined_by", outstandingBytes = "outstanding_bytes"
            case exampleStack = "example_stack", gitBlame = "git_blame"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            // Nulls are written out: scripts can rely on every key being there.
            try c.encode(function, forKey: .function)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(module, forKey: .module)
            try c.encode(inlinedBy, forKey: .inlinedBy)
            try c.encode(allocations, forKey: .allocations)
            try c.encode(outstanding, forKey: .outstanding)
            try c.encode(outstandingBytes, forKey: .outstandingBytes)
            try c.encode(exampleStack, forKey: .exampleStack)
            try c.encodeIfPresent(gitBlame, forKey: .gitBlame)
        }
    }

    /// One frame of the example stack, innermost first.
    public struct Frame: Sendable, Encodable, Equatable {
        public var printed: String
        public var module: String
        public var function: String?
        public var file: String?
        public var line: Int?
        public var site: Bool

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(printed, forKey: .printed)
            try c.encode(module, forKey: .module)
            try c.encode(function, forKey: .function)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(site, forKey: .site)
        }

        enum CodingKeys: String, CodingKey { case printed, module, function, file, line, site }
    }

    public var sites: [Site]

    public init(report: BlameReport, gitBlame: [AllocationSite.Key: GitBlameLine] = [:]) {
        sites = report.rows.map { row in
            let siteIndex = row.siteFrameIndex
            let stack = row.example.enumerated().map { k, frame -> Frame in
                let innermost = frame.chain.first
                return Frame(printed: frame.frame.printed, module: frame.moduleName, function: innermost?.function,
                             file: innermost?.file, line: innermost?.line, site: k == siteIndex)
            }
            return Site(function: row.site.location?.function, file: row.site.location?.file, line: row.site.location?.line,
                        module: row.site.module, inlinedBy: row.site.inlinedBy,
                        allocations: row.allocations, outstanding: row.outstanding,
                        outstandingBytes: row.outstandingBytes, exampleStack: stack, gitBlame: gitBlame[row.site.key])
        }
    }
}
