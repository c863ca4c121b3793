/// One `/proc/slabinfo` dump. Rows keep printed order, and a name printed twice stays two rows
/// (the kernel can register two caches with one name, as the seed's board does).
public struct Slabinfo: Sendable, Equatable, Codable {
    public enum Allocator: String, Sendable, Codable {
        /// SLUB prints `tunables 0 0 0` and `sharedavail 0` for every cache.
        case slub
        /// SLAB prints real tunables (or the `(statistics)` variant).
        case slab
        case unknown
    }

    /// As printed after `slabinfo - version:` (`2.1`, `2.0`, `1.1 (SMP)`); nil when the header
    /// was cut off.
    public var version: String?
    public var rows: [SlabCache]

    public init(version: String? = nil, rows: [SlabCache] = []) {
        self.version = version
        self.rows = rows
    }

    public var allocator: Allocator {
        if version?.contains("statistics") == true { return .slab }
        if rows.isEmpty { return .unknown }
        for r in rows where (r.limit ?? 0) != 0 || (r.batchCount ?? 0) != 0 { return .slab }
        return rows.contains { $0.limit != nil } ? .slub : .unknown
    }

    /// Σ bytes of all rows.
    public func totalBytes(pageSize: Int64 = 4096) -> Int64 {
        rows.reduce(Int64(0)) { sum, row in
            // Saturating, like SlabCache.bytes: absurd rows must not trap.
            let (total, overflow) = sum.addingReportingOverflow(row.bytes(pageSize: pageSize))
            return overflow ? (sum < 0 ? .min : .max) : total
        }
    }
}
