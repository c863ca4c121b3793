/// Steps 1–3 of the method: which kind of memory grew between two samples, which slab caches,
/// which heap owners — and what to do next.
public struct Comparison: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case slab, anon
        case pageCache = "page-cache"
        case vmalloc, cma, unaccounted, none
    }

    public struct Verdict: Sendable, Equatable, Codable {
        public var kind: Kind
        public var summary: String
    }

    public struct MeminfoDelta: Sendable, Equatable, Codable {
        public var field: String
        public var beforeKB: Int64?
        public var afterKB: Int64?
        public var deltaKB: Int64

        enum CodingKeys: String, CodingKey {
            case field
            case beforeKB = "before_kb", afterKB = "after_kb", deltaKB = "delta_kb"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(beforeKB, forKey: .beforeKB)  // null when the field was not printed
            try c.encode(afterKB, forKey: .afterKB)
            try c.encode(deltaKB, forKey: .deltaKB)
        }
    }

    public struct CacheDelta: Sendable, Equatable, Codable {
        public var cache: String
        public var beforeKiB: Int64
        public var afterKiB: Int64
        public var deltaKiB: Int64
        public var beforeObjs: Int64
        public var afterObjs: Int64
        /// after / before bytes (nil when the cache held nothing before). Not in the JSON shape.
        public var growthRatio: Double? {
            beforeKiB > 0 ? Double(afterKiB) / Double(beforeKiB) : nil
        }

        enum CodingKeys: String, CodingKey {
            case cache
            case beforeKiB = "before_kib", afterKiB = "after_kib", deltaKiB = "delta_kib"
            case beforeObjs = "before_objs", afterObjs = "after_objs"
        }
    }

    public struct OwnerDelta: Sendable, Equatable, Codable {
        public var owner: String
        public var beforeChunks: Int
        public var afterChunks: Int
        public var beforeBytes: UInt64
        public var afterBytes: UInt64
        public var deltaBytes: Int64

        enum CodingKeys: String, CodingKey {
            case owner
            case beforeChunks = "before_chunks", afterChunks = "after_chunks"
            case beforeBytes = "before_bytes", afterBytes = "after_bytes", deltaBytes = "delta_bytes"
        }
    }

    public struct HeapDelta: Sendable, Equatable, Codable {
        public var heap: String
        public var owners: [OwnerDelta]
    }

    /// Σ cache growth against ΔSlab of meminfo (not part of the JSON shape; in the summary).
    public struct SlabCheck: Sendable, Equatable {
        public var cacheSumDeltaKiB: Int64
        public var meminfoSlabDeltaKB: Int64
        public var agrees: Bool
    }

    /// What the rules table says about a cache that grew (not part of the JSON shape).
    public struct CacheNote: Sendable, Equatable {
        public var cache: String
        public var pattern: String
        public var meaning: String
        public var nextStep: String
    }

    public var verdict: Verdict
    public var meminfo: [MeminfoDelta]
    public var slabinfo: [CacheDelta]
    public var heaps: [HeapDelta]
    public var nextStep: String
    public var slabCheck: SlabCheck?
    public var notes: [CacheNote] = []
    /// 1-based sample numbers compared, per section (for the text output).
    public var beforeSample: Int?
    public var afterSample: Int?

    enum CodingKeys: String, CodingKey {
        case verdict, meminfo, slabinfo, heaps
        case nextStep = "next_step"
    }

    public init(verdict: Verdict, meminfo: [MeminfoDelta], slabinfo: [CacheDelta], heaps: [HeapDelta],
                nextStep: String, slabCheck: SlabCheck? = nil, notes: [CacheNote] = []) {
        self.verdict = verdict
        self.meminfo = meminfo
        self.slabinfo = slabinfo
        self.heaps = heaps
        self.nextStep = nextStep
        self.slabCheck = slabCheck
        self.notes = notes
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        verdict = try c.decode(Verdict.self, forKey: .verdict)
        meminfo = try c.decode([MeminfoDelta].self, forKey: .meminfo)
        slabinfo = try c.decode([CacheDelta].self, forKey: .slabinfo)
        heaps = try c.decode([HeapDelta].self, forKey: .heaps)
        nextStep = try c.decode(String.self, forKey: .nextStep)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(meminfo, forKey: .meminfo)
        try c.encode(slabinfo, forKey: .slabinfo)
        try c.encode(heaps, forKey: .heaps)
        try c.encode(nextStep, forKey: .nextStep)
    }
}
