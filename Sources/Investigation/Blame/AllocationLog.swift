/// Everything `AllocationLogScanner` found in one or more logs.
public struct AllocationLog: Sendable, Equatable {
    public var blocks: [AllocationBlock] = []
    /// Whether allocation/free lines were looked for (`--alloc`/`--free` given).
    public var paired = false
    public var allocationLines = 0
    public var freeLines = 0
    /// Allocation lines with no backtrace just before them: they count nowhere but here.
    public var untracedAllocations = 0
    public var untracedOutstanding = 0
    public var untracedOutstandingBytes: Int64 = 0
    /// `print_trace` blocks no allocation line claimed (with pairing on).
    public var tracesWithoutAllocation = 0
    /// Frees of an address with nothing outstanding: allocated before the log began, or freed twice.
    public var unmatchedFrees = 0

    public init() {}

    /// Appends another log's findings (each file is paired on its own: addresses of two runs
    /// are unrelated).
    public mutating func append(_ other: AllocationLog) {
        blocks += other.blocks
        paired = paired || other.paired
        allocationLines += other.allocationLines
        freeLines += other.freeLines
        untracedAllocations += other.untracedAllocations
        untracedOutstanding += other.untracedOutstanding
        untracedOutstandingBytes = untracedOutstandingBytes.saturatingAdding(other.untracedOutstandingBytes)
        tracesWithoutAllocation += other.tracesWithoutAllocation
        unmatchedFrees += other.unmatchedFrees
    }
}

extension AllocationLog {
    /// The line under a paired blame table (what was read, what could not be tied to a site),
    /// nil without pairing. One wording for `blame`'s text and the HTML report: each had its
    /// own copy and the report's had lost the untraced bytes and the unclaimed backtraces.
    public var pairingSummary: String? {
        guard paired else { return nil }
        var summary = "\(allocationLines) allocation lines, \(freeLines) free lines"
        if untracedAllocations > 0 {
            summary += "; \(untracedAllocations) allocations without a backtrace before them (\(untracedOutstanding) outstanding, \(untracedOutstandingBytes) bytes)"
        }
        if tracesWithoutAllocation > 0 { summary += "; \(tracesWithoutAllocation) backtraces without an allocation line" }
        if unmatchedFrees > 0 { summary += "; \(unmatchedFrees) frees of addresses not outstanding" }
        return summary
    }
}
