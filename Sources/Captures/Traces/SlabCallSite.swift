/// One line of SLUB's per-cache call-site lists (`slub_debug=U`):
/// `/sys/kernel/slab/<cache>/alloc_calls` / `free_calls`, and since 5.14 debugfs
/// `/sys/kernel/debug/slab/<cache>/alloc_traces` / `free_traces`, which add a stack per site:
/// ```
///      12 mi_sys_alloc+0x1c/0x40 [mi_sys] age=1234/5678/9012 pid=1-648 cpus=0-1
///         kmem_cache_alloc+0x51/0xa4
///         mi_sys_alloc+0x1c/0x40 [mi_sys]
/// ```
/// (format of `list_locations()` / `slab_debugfs_show()` in mm/slub.c).
public struct SlabCallSite: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case alloc, free, unknown
    }

    /// The cache, when the dump says which (`cat /sys/kernel/slab/<cache>/alloc_calls` before it).
    public var cache: String?
    public var kind: Kind
    /// Number of objects allocated (or freed) from this site.
    public var count: Int
    /// The call site; nil for `<not-available>`.
    public var site: TraceFrame?
    /// The site as printed: `mi_sys_alloc+0x1c/0x40 [mi_sys]` or `<not-available>`.
    public var printed: String
    /// `waste=total/each` (debugfs, kmalloc caches): bytes wasted by rounding up.
    public var wasteTotal: Int64?
    public var wasteEach: Int64?
    /// `age=min/avg/max` in jiffies (one value when all equal).
    public var ageMin: Int64?
    public var ageAvg: Int64?
    public var ageMax: Int64?
    /// `pid=1-648` or `pid=648`.
    public var pidMin: Int?
    public var pidMax: Int?
    /// `cpus=0-1`, `nodes=0` as printed.
    public var cpus: String?
    public var nodes: String?
    /// The stack (debugfs `*_traces` with stack depot), innermost first.
    public var stack: [TraceFrame]
    public var inputLine: Int

    public init(cache: String?, kind: Kind, count: Int, site: TraceFrame?, printed: String, inputLine: Int) {
        self.cache = cache
        self.kind = kind
        self.count = count
        self.site = site
        self.printed = printed
        self.stack = []
        self.inputLine = inputLine
    }

    /// What identifies the same site in two dumps: cache, kind, the site and the stack as
    /// printed (function+offset, never addresses, which move between boots).
    public var signature: String {
        ([cache ?? "", kind.rawValue, printed] + stack.map(\.printed)).joined(separator: "|")
    }
}
