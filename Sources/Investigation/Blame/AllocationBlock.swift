import Captures

/// One allocation backtrace found in a log, and what is known of its fate.
///
/// A `print_trace` block stands for one allocation (tied to the allocation line printed after
/// it when `--alloc` is given). A kmemleak object is one allocation the kernel thinks leaked. A
/// SLUB `alloc_calls`/`alloc_traces` line stands for `count` objects still allocated from that
/// site (SLUB lists the owners of live objects), so all of them are outstanding.
public struct AllocationBlock: Sendable, Equatable {
    public enum Source: String, Sendable, Codable {
        case printTrace = "print_trace"
        case kmemleak
        case allocTraces = "alloc_traces"
    }

    public enum Fate: String, Sendable, Codable {
        /// No allocation/free lines to tell (no `--alloc`/`--free`, or none tied to this block).
        case unknown
        case outstanding
        case freed
    }

    public var source: Source
    /// Innermost first, as printed.
    public var frames: [TraceFrame]
    /// The block's first line (the `Obtained N stack frames.` header, the kmemleak header…).
    public var inputLine: Int
    /// How many allocations the block stands for.
    public var count: Int
    public var fate: Fate
    /// Bytes of one allocation, when the log says (the `size` group, kmemleak's `(size N)`).
    public var size: Int64?
    /// The address printed by the tied allocation line, as matched.
    public var address: String?

    public init(source: Source, frames: [TraceFrame], inputLine: Int, count: Int = 1,
                fate: Fate = .unknown, size: Int64? = nil, address: String? = nil) {
        self.source = source
        self.frames = frames
        self.inputLine = inputLine
        self.count = count
        self.fate = fate
        self.size = size
        self.address = address
    }
}
