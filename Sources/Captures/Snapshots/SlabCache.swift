/// One row of `/proc/slabinfo`. Fields the format version does not print are nil.
public struct SlabCache: Sendable, Equatable, Codable {
    public var name: String
    public var activeObjs: Int64
    public var numObjs: Int64
    public var objSize: Int64
    public var objPerSlab: Int64
    public var pagesPerSlab: Int64
    /// `tunables` (SLAB; zero under SLUB). The 2.0 header (and some 2.1 ones) names them
    /// `<batchcount> <limit>` while the kernel prints the limit first; the parser assigns them by
    /// the kernel's invariant batchcount ≤ limit, not by the header.
    public var limit: Int64?
    public var batchCount: Int64?
    public var sharedFactor: Int64?
    public var activeSlabs: Int64
    public var numSlabs: Int64
    public var sharedAvail: Int64?

    public init(name: String, activeObjs: Int64, numObjs: Int64, objSize: Int64, objPerSlab: Int64,
                pagesPerSlab: Int64, limit: Int64? = nil, batchCount: Int64? = nil,
                sharedFactor: Int64? = nil, activeSlabs: Int64, numSlabs: Int64, sharedAvail: Int64? = nil) {
        self.name = name
        self.activeObjs = activeObjs
        self.numObjs = numObjs
        self.objSize = objSize
        self.objPerSlab = objPerSlab
        self.pagesPerSlab = pagesPerSlab
        self.limit = limit
        self.batchCount = batchCount
        self.sharedFactor = sharedFactor
        self.activeSlabs = activeSlabs
        self.numSlabs = numSlabs
        self.sharedAvail = sharedAvail
    }

    /// Memory the cache holds: whole slabs, not objects — objsize under SLUB debugging includes
    /// red zones and tracking, and partly-used slabs still hold their pages.
    /// Saturates at Int64.max/min: a corrupted or hostile dump can print numbers (each fits in
    /// Int64) whose product does not, and that must not trap.
    public func bytes(pageSize: Int64 = 4096) -> Int64 {
        let (pages, pagesOverflow) = numSlabs.multipliedReportingOverflow(by: pagesPerSlab)
        let (total, totalOverflow) = pages.multipliedReportingOverflow(by: pageSize)
        guard pagesOverflow || totalOverflow else { return total }
        let negative = ((numSlabs < 0) != (pagesPerSlab < 0)) != (pageSize < 0)
        return negative ? .min : .max
    }
}
