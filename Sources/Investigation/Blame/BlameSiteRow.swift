/// One allocation site of a blame report, with its counts.
public struct BlameSiteRow: Sendable, Equatable {
    public var site: AllocationSite
    /// Allocations made from this site (a SLUB `alloc_traces` line counts its objects).
    public var allocations: Int
    /// Allocations never freed; nil when the log cannot tell (no `--alloc`/`--free` pairing).
    public var outstanding: Int?
    /// Bytes of the outstanding allocations whose size the log printed; nil when unknown.
    public var outstandingBytes: Int64?
    /// The first block seen at this site (an outstanding one when there is one).
    public var example: [BlameFrame]
    /// Where the example block starts in the input.
    public var exampleLine: Int
    /// Which kinds of trace the site was seen in.
    public var sources: [AllocationBlock.Source]

    public init(site: AllocationSite, allocations: Int, outstanding: Int?, outstandingBytes: Int64?,
                example: [BlameFrame], exampleLine: Int, sources: [AllocationBlock.Source]) {
        self.site = site
        self.allocations = allocations
        self.outstanding = outstanding
        self.outstandingBytes = outstandingBytes
        self.example = example
        self.exampleLine = exampleLine
        self.sources = sources
    }

    /// The frame of `example` that is the site (the first whose raw text is the site's), marked
    /// in the stack by every output; nil when none is.
    public var siteFrameIndex: Int? {
        example.firstIndex { $0.rawText == site.raw }
    }
}
