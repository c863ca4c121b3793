/// One `/proc/meminfo` dump, fields in printed order. Values are as printed: kB for most
/// fields, a plain count for `HugePages_*` (`inKB == false`).
public struct Meminfo: Sendable, Equatable, Codable {
    public struct Field: Sendable, Equatable, Codable {
        public var name: String
        public var value: Int64
        public var inKB: Bool

        public init(name: String, value: Int64, inKB: Bool = true) {
            self.name = name
            self.value = value
            self.inKB = inKB
        }
    }

    public var fields: [Field]

    public init(fields: [Field] = []) { self.fields = fields }

    /// The value of `name` (linear scan: a dump has ~50 fields and lookups are rare).
    public subscript(name: String) -> Int64? {
        for f in fields where f.name == name { return f.value }
        return nil
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Field names the kernel prints in /proc/meminfo (2.6 → 6.x, plus vendor-neutral ones).
    /// A dump cut in half still starts a meminfo section on any of these; an unknown `Key: N kB`
    /// line is accepted only inside a dump that already started.
    static let knownNames: Set<String> = [
        "MemTotal", "MemFree", "MemAvailable", "MemShared", "Buffers", "Cached", "SwapCached",
        "Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)", "Inactive(file)",
        "Unevictable", "Mlocked", "HighTotal", "HighFree", "LowTotal", "LowFree", "MmapCopy",
        "SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback", "AnonPages", "Mapped",
        "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim", "KernelStack", "ShadowCallStack",
        "PageTables", "SecPageTables", "NFS_Unstable", "Bounce", "WritebackTmp", "CommitLimit",
        "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk", "Percpu", "HardwareCorrupted",
        "AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages", "FilePmdMapped",
        "CmaTotal", "CmaFree", "Unaccepted", "Balloon", "HugePages_Total", "HugePages_Free",
        "HugePages_Rsvd", "HugePages_Surp", "Hugepagesize", "Hugetlb", "DirectMap4k", "DirectMap2M",
        "DirectMap4M", "DirectMap1G", "Quicklists", "GPUActive", "GPUReclaim", "Inactive(anon)",
    ]
}
