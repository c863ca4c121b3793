import Captures

extension Comparison {
    /// Compares two moments. Pure: numbers in, findings out.
    public static func compute(before: ComparisonSide, after: ComparisonSide, pageSize: Int64 = 4096,
                               rules: LeakRules = .default) -> Comparison {
        let mem = meminfoDeltas(before.meminfo, after.meminfo)
        let caches = cacheDeltas(before.slabinfo, after.slabinfo, pageSize: pageSize)
        let heaps = heapDeltas(before.heaps, after.heaps)
        let kind = classify(before.meminfo, after.meminfo, caches: caches, heaps: heaps)

        var check: SlabCheck?
        if before.slabinfo != nil, after.slabinfo != nil,
           let b = before.meminfo?["Slab"], let a = after.meminfo?["Slab"] {
            // Saturating: a hostile dump's absurd numbers must give a verdict, not a trap.
            let sum = caches.reduce(Int64(0)) { $0.saturatingAdding($1.deltaKiB) }
            let d = a.subtractingReportingOverflow(b).overflow ? (a < b ? Int64.min : .max) : a - b
            // Slab counts pages; slabinfo rounds the same pages per cache. Allow 10% or 1 MiB:
            // per-CPU slabs move between dumps, and the two are read a moment apart.
            let tolerance = Swift.max(1024, Int64(clamping: d.magnitude / 10))
            check = SlabCheck(cacheSumDeltaKiB: sum, meminfoSlabDeltaKB: d, agrees: sum.subtractingReportingOverflow(d).overflow ? false : (sum - d).magnitude <= tolerance.magnitude)
        }

        let top = topCaches(caches)
        var notes: [CacheNote] = []
        for c in top {
            if let r = rules.rule(forCache: c.cache) {
                notes.append(CacheNote(cache: c.cache, pattern: r.pattern, meaning: r.meaning,
                                       nextStep: r.nextStep.replacingOccurrences(of: "<cache>", with: c.cache)))
            }
        }
        let summary = summarize(kind: kind.kind, detail: kind.detail, top: top, heaps: heaps, check: check)
        let next = nextStep(kind: kind.kind, notes: notes, heaps: heaps, rules: rules)
        var c = Comparison(verdict: Verdict(kind: kind.kind, summary: summary), meminfo: mem, slabinfo: caches,
                           heaps: heaps, nextStep: next, slabCheck: check, notes: notes)
        c.beforeSample = before.meminfoSample ?? before.slabinfoSample ?? before.heapSample
        c.afterSample = after.meminfoSample ?? after.slabinfoSample ?? after.heapSample
        return c
    }

    static func meminfoDeltas(_ b: Meminfo?, _ a: Meminfo?) -> [MeminfoDelta] {
        guard b != nil || a != nil else { return [] }
        var names: [String] = []
        var seen = Set<String>()
        for f in (b?.fields ?? []) + (a?.fields ?? []) where f.inKB && seen.insert(f.name).inserted {
            names.append(f.name)
        }
        return names.map { n in
            let x = b?[n], y = a?[n]
            return MeminfoDelta(field: n, beforeKB: x, afterKB: y, deltaKB: (y ?? 0) - (x ?? 0))
        }
    }

    /// Rows are matched by name and occurrence: a name printed twice is two caches.
    static func cacheDeltas(_ b: Slabinfo?, _ a: Slabinfo?, pageSize: Int64) -> [CacheDelta] {
        guard b != nil || a != nil else { return [] }
        func keyed(_ s: Slabinfo?) -> [(key: String, row: SlabCache)] {
            var seen: [String: Int] = [:]
            return (s?.rows ?? []).map { r in
                let k = seen[r.name, default: 0] + 1
                seen[r.name] = k
                return ("\(r.name)\u{0}\(k)", r)
            }
        }
        let before = keyed(b), after = keyed(a)
        var beforeByKey: [String: SlabCache] = [:]
        for (k, r) in before { beforeByKey[k] = r }
        var out: [CacheDelta] = []
        var used = Set<String>()
        for (k, r) in after {
            used.insert(k)
            let old = beforeByKey[k]
            let bk = (old?.bytes(pageSize: pageSize) ?? 0) / 1024, ak = r.bytes(pageSize: pageSize) / 1024
            out.append(CacheDelta(cache: r.name, beforeKiB: bk, afterKiB: ak, deltaKiB: ak - bk,
                                  beforeObjs: old?.numObjs ?? 0, afterObjs: r.numObjs))
        }
        for (k, r) in before where !used.contains(k) {
            let bk = r.bytes(pageSize: pageSize) / 1024
            out.append(CacheDelta(cache: r.name, beforeKiB: bk, afterKiB: 0, deltaKiB: -bk, beforeObjs: r.numObjs, afterObjs: 0))
        }
        // Largest gain first; ties keep printed order (stable sort by index).
        return out.enumerated().sorted { x, y in
            x.element.deltaKiB != y.element.deltaKiB ? x.element.deltaKiB > y.element.deltaKiB : x.offset < y.offset
        }.map(\.element)
    }

    /// Per owner (`task_name`) of used chunks; free chunks (`used_flag` 0) own nothing.
    static func heapDeltas(_ b: [MmaHeapDump], _ a: [MmaHeapDump]) -> [HeapDelta] {
        var names: [String] = []
        for h in b + a where !names.contains(h.name) { names.append(h.name) }
        return names.map { name in
            func owners(_ heaps: [MmaHeapDump]) -> [String: (Int, UInt64)] {
                var d: [String: (Int, UInt64)] = [:]
                for h in heaps where h.name == name {
                    for c in h.chunks where c.used {
                        let v = d[c.task, default: (0, 0)]
                        // Saturating: chunk lengths are read from text (up to 2^64 - 1 each).
                        let (bytes, overflow) = v.1.addingReportingOverflow(c.length)
                        d[c.task] = (v.0 + 1, overflow ? .max : bytes)
                    }
                }
                return d
            }
            let ob = owners(b), oa = owners(a)
            var tasks: [String] = []
            for h in b + a where h.name == name {
                for c in h.chunks where c.used && !tasks.contains(c.task) { tasks.append(c.task) }
            }
            let rows = tasks.map { t in
                let x = ob[t] ?? (0, 0), y = oa[t] ?? (0, 0)
                return OwnerDelta(owner: t, beforeChunks: x.0, afterChunks: y.0, beforeBytes: x.1, afterBytes: y.1,
                                  deltaBytes: Int64(clamping: y.1) - Int64(clamping: x.1))
            }
            return HeapDelta(heap: name, owners: rows.enumerated().sorted { x, y in
                x.element.deltaBytes != y.element.deltaBytes ? x.element.deltaBytes > y.element.deltaBytes : x.offset < y.offset
            }.map(\.element))
        }
    }

    /// The caches worth naming: those that gained at least a quarter of the largest gain (at most 5).
    static func topCaches(_ caches: [CacheDelta]) -> [CacheDelta] {
        guard let best = caches.first, best.deltaKiB > 0 else { return [] }
        return Array(caches.prefix { $0.deltaKiB > 0 && $0.deltaKiB * 4 >= best.deltaKiB }.prefix(5))
    }
}
