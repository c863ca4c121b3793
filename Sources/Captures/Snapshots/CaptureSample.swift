/// One iteration of the board's capture loop: whatever it printed between two boundaries.
public struct CaptureSample: Sendable, Equatable, Codable {
    /// 0-based position among the samples of the capture.
    public var index: Int
    /// 1-based line of the input where the sample's first recognised line is.
    public var firstLine: Int
    public var timestamp: CaptureTimestamp?
    public var meminfo: Meminfo?
    public var slabinfo: Slabinfo?
    public var free: FreeReport?
    public var heaps: [MmaHeapDump]
    /// Raw `/sys/kernel/slab/<cache>/alloc_calls` lines printed by the collector, per cache;
    /// parsing them is the call-site parser's job.
    public var allocCalls: [String: [String]]

    public init(index: Int = 0, firstLine: Int = 0, timestamp: CaptureTimestamp? = nil,
                meminfo: Meminfo? = nil, slabinfo: Slabinfo? = nil, free: FreeReport? = nil,
                heaps: [MmaHeapDump] = [], allocCalls: [String: [String]] = [:]) {
        self.index = index
        self.firstLine = firstLine
        self.timestamp = timestamp
        self.meminfo = meminfo
        self.slabinfo = slabinfo
        self.free = free
        self.heaps = heaps
        self.allocCalls = allocCalls
    }

    public var isEmpty: Bool {
        meminfo == nil && slabinfo == nil && free == nil && heaps.isEmpty && allocCalls.isEmpty
    }

    public func heap(named name: String) -> MmaHeapDump? { heaps.first { $0.name == name } }
}
