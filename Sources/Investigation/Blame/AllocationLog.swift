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
