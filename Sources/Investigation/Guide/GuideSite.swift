/// An allocation site the session has seen: from allocation backtraces (print_trace blocks,
/// kmemleak) or from SLUB call-site lists whose counts grew — located to source or not yet.
public struct GuideSite: Sendable, Equatable, Codable {
    public enum Source: String, Sendable, Codable {
        case printTrace = "print_trace"
        case kmemleak
        case allocCalls = "alloc_calls"
    }

    /// The frame as printed or as module+offset (`/lib/libMD_LINUX.so+0x5ac`,
    /// `_MI_VENC_ProcShowOutInfo+0x14/0x2a [mi_venc]`).
    public var site: String
    /// `md_alloc_luma at user/md.c:28, inlined into …`; nil while not located to a source line.
    public var location: String?
    /// Allocations seen from the site (print_trace blocks, kmemleak objects), or the growth of
    /// its live-object count between the first and last alloc_calls dump.
    public var count: Int
    public var source: Source
    /// The slab cache of an alloc_calls site.
    public var cache: String?

    public init(site: String, location: String?, count: Int, source: Source, cache: String? = nil) {
        self.site = site
        self.location = location
        self.count = count
        self.source = source
        self.cache = cache
    }

    public var isLocated: Bool { location != nil }

    /// `md_alloc_luma at user/md.c:28 (4×)` or the raw site.
    public var text: String {
        let what = location ?? site
        switch source {
        case .allocCalls: return "\(what) (+\(count) objects" + (cache.map { " of \($0))" } ?? ")")
        case .printTrace, .kmemleak: return "\(what) (\(count)×)"
        }
    }
}
