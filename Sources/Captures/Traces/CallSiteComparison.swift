/// Which allocation call sites grew between two dumps: the kernel-side version of diffing
/// slabinfo. Pure: dumps in, sorted growth out.
public enum CallSiteComparison {
    /// One call site (or allocation path) and its counts before and after.
    public struct Growth: Sendable, Equatable {
        public var cache: String?
        public var kind: SlabCallSite.Kind
        /// The site as printed (`mi_sys_alloc+0x1c/0x40 [mi_sys]`), or the allocator frame of a
        /// kmemleak path.
        public var site: String
        /// The frame to symbolize (the site, or the first non-allocator frame of a path).
        public var frame: TraceFrame?
        /// The full path when the dump had stacks, innermost first.
        public var stack: [TraceFrame]
        public var before: Int
        public var after: Int
        public var delta: Int { after - before }
        /// kmemleak: bytes of unreferenced objects before/after.
        public var bytesBefore: Int64
        public var bytesAfter: Int64
        /// True when the site does not appear in the first dump at all.
        public var isNew: Bool { before == 0 }
    }

    /// Sites whose count grew from `before` to `after`, largest growth first (ties: by site).
    /// Sites are matched by cache, kind, site and stack as printed — never by address.
    public static func grown(before: [SlabCallSite], after: [SlabCallSite]) -> [Growth] {
        var counts: [String: Int] = [:]
        for s in before { counts[s.signature, default: 0] += s.count }
        var merged: [String: (SlabCallSite, Int)] = [:]
        var order: [String] = []
        for s in after {
            if let (site, n) = merged[s.signature] { merged[s.signature] = (site, n + s.count) } else {
                merged[s.signature] = (s, s.count)
                order.append(s.signature)
            }
        }
        var out: [Growth] = []
        for key in order {
            let (s, n) = merged[key]!
            let was = counts[key] ?? 0
            guard n > was else { continue }
            out.append(Growth(cache: s.cache, kind: s.kind, site: s.printed, frame: s.site, stack: s.stack,
                              before: was, after: n, bytesBefore: 0, bytesAfter: 0))
        }
        return out.sorted { ($0.delta, $1.site) > ($1.delta, $0.site) }
    }

    /// Dumps of the same cache and kind, first vs last, within one text (a capture with several
    /// samples) — the sites that grew, per cache.
    public static func grown(in dumps: [SlabCallSiteParser.Dump]) -> [Growth] {
        var groups: [String: [SlabCallSiteParser.Dump]] = [:]
        var order: [String] = []
        for d in dumps {
            let key = (d.cache ?? "") + "|" + d.kind.rawValue
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(d)
        }
        return order.flatMap { key -> [Growth] in
            let list = groups[key]!
            guard list.count >= 2, let first = list.first, let last = list.last else { return [] }
            return grown(before: first.sites, after: last.sites)
        }
    }

    /// kmemleak: allocation paths whose number of unreferenced objects grew, largest first.
    public static func grown(before: [KmemleakObject], after: [KmemleakObject]) -> [Growth] {
        var was: [String: (Int, Int64)] = [:]
        for o in before {
            let v = was[o.signature] ?? (0, 0)
            was[o.signature] = (v.0 + 1, v.1 + o.size)
        }
        var now: [String: (KmemleakObject, Int, Int64)] = [:]
        var order: [String] = []
        for o in after {
            if let v = now[o.signature] { now[o.signature] = (v.0, v.1 + 1, v.2 + o.size) } else {
                now[o.signature] = (o, 1, o.size)
                order.append(o.signature)
            }
        }
        var out: [Growth] = []
        for key in order {
            let (o, n, bytes) = now[key]!
            let (b, bb) = was[key] ?? (0, 0)
            guard n > b else { continue }
            let frame = o.allocator ?? o.backtrace.first
            out.append(Growth(cache: nil, kind: .alloc, site: frame?.printed ?? "<no backtrace>", frame: frame,
                              stack: o.backtrace, before: b, after: n, bytesBefore: bb, bytesAfter: bytes))
        }
        return out.sorted { ($0.delta, $0.bytesAfter - $0.bytesBefore, $1.site) > ($1.delta, $1.bytesAfter - $1.bytesBefore, $0.site) }
    }
}
