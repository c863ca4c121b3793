import Captures

/// One side of a comparison: the dumps taken at one moment (each may come from a different
/// sample when a loop iteration printed only some of them).
public struct ComparisonSide: Sendable, Equatable {
    public var meminfo: Meminfo?
    public var slabinfo: Slabinfo?
    public var heaps: [MmaHeapDump]
    /// 1-based sample numbers the dumps came from.
    public var meminfoSample: Int?
    public var slabinfoSample: Int?
    public var heapSample: Int?

    public init(meminfo: Meminfo? = nil, slabinfo: Slabinfo? = nil, heaps: [MmaHeapDump] = [],
                meminfoSample: Int? = nil, slabinfoSample: Int? = nil, heapSample: Int? = nil) {
        self.meminfo = meminfo
        self.slabinfo = slabinfo
        self.heaps = heaps
        self.meminfoSample = meminfoSample
        self.slabinfoSample = slabinfoSample
        self.heapSample = heapSample
    }

    public init(_ sample: CaptureSample) {
        self.init(meminfo: sample.meminfo, slabinfo: sample.slabinfo, heaps: sample.heaps,
                  meminfoSample: sample.meminfo == nil ? nil : sample.index + 1,
                  slabinfoSample: sample.slabinfo == nil ? nil : sample.index + 1,
                  heapSample: sample.heaps.isEmpty ? nil : sample.index + 1)
    }

    public var isEmpty: Bool { meminfo == nil && slabinfo == nil && heaps.isEmpty }
}
