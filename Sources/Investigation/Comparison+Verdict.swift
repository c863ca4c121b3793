import Captures

/// Which kind of memory explains the loss, in words.
extension Comparison {
    struct Classification {
        var kind: Kind
        var detail: String
    }

    /// kB that nothing in meminfo accounts for: what drivers take straight from the page allocator.
    static func unaccountedKB(_ m: Meminfo) -> Int64? {
        guard let total = m["MemTotal"], let free = m["MemFree"] else { return nil }
        // Saturating arithmetic: a corrupted dump's huge numbers must not trap.
        func add(_ a: Int64, _ b: Int64) -> Int64 {
            let (r, o) = a.addingReportingOverflow(b)
            return o ? Int64.max : r
        }
        var known = free
        for f in ["Buffers", "Cached", "SwapCached", "AnonPages", "Slab", "KernelStack", "PageTables",
                  "SecPageTables", "Percpu"] {
            known = add(known, m[f] ?? 0)
        }
        if let v = m["VmallocUsed"], v < total { known = add(known, v) }  // address space on old kernels: ignore nonsense
        if let pages = m["HugePages_Total"], let size = m["Hugepagesize"] {
            let (h, o) = pages.multipliedReportingOverflow(by: size)
            known = add(known, o ? Int64.max : h)
        }
        return total - known
    }

    static func classify(_ b: Meminfo?, _ a: Meminfo?, caches: [CacheDelta], heaps: [HeapDelta]) -> Classification {
        guard let b, let a else {
            // slabinfo alone still says whether slab grew.
            let sum = caches.reduce(Int64(0)) { $0 + $1.deltaKiB }
            if sum >= 256 { return Classification(kind: .slab, detail: "slab caches +\(sum) KiB (no meminfo to compare)") }
            return Classification(kind: .none, detail: caches.isEmpty ? "no meminfo or slabinfo to compare" : "slab caches changed by \(sum) KiB")
        }
        func d(_ n: String) -> Int64? {
            guard let x = b[n], let y = a[n] else { return nil }
            return y - x
        }
        let total = a["MemTotal"] ?? b["MemTotal"] ?? 0
        let floor = Swift.max(256, total / 1000)
        let availName = a["MemAvailable"] != nil && b["MemAvailable"] != nil ? "MemAvailable" : "MemFree"
        let loss = -(d(availName) ?? 0)
        let slabName = d("SUnreclaim") != nil ? "SUnreclaim" : "Slab"
        let cmaUsed: Int64 = {
            guard let tb = b["CmaTotal"], let fb = b["CmaFree"], let ta = a["CmaTotal"], let fa = a["CmaFree"] else { return 0 }
            return (ta - fa) - (tb - fb)
        }()
        let unaccounted: Int64 = {
            guard let x = unaccountedKB(b), let y = unaccountedKB(a) else { return 0 }
            return (y - x) - Swift.max(0, cmaUsed)  // CMA pages handed to drivers are in the same hole
        }()
        let candidates: [(Kind, Int64, String)] = [
            (.slab, d(slabName) ?? 0, "\(slabName) \(signed(d(slabName) ?? 0)) kB" + (slabName == "SUnreclaim" ? " (Slab \(signed(d("Slab") ?? 0)) kB)" : "")),
            (.anon, d("AnonPages") ?? 0, "AnonPages \(signed(d("AnonPages") ?? 0)) kB"),
            (.pageCache, (d("Cached") ?? 0) + (d("Buffers") ?? 0), "Cached+Buffers \(signed((d("Cached") ?? 0) + (d("Buffers") ?? 0))) kB"),
            (.vmalloc, d("VmallocUsed") ?? 0, "VmallocUsed \(signed(d("VmallocUsed") ?? 0)) kB"),
            (.cma, cmaUsed, "CMA in use \(signed(cmaUsed)) kB"),
            (.unaccounted, unaccounted, "memory in no meminfo counter \(signed(unaccounted)) kB"),
        ]
        // Page cache is reclaimable: it explains a fall of MemFree, not of MemAvailable. It is the
        // answer only when nothing unreclaimable grew (real captures show both at once: the
        // recorded tmpfs leak ran while builds filled the page cache).
        let held = candidates.filter { $0.0 != .pageCache }.max { $0.1 < $1.1 }!
        let cache = candidates.first { $0.0 == .pageCache }!
        let best = held.1 >= floor || held.1 >= cache.1 ? held : cache
        let lossText = loss > 0 ? "\(availName) fell \(loss) kB" : "\(availName) \(signed(-loss)) kB"
        guard best.1 >= floor else {
            return Classification(kind: .none, detail: "\(lossText); nothing grew by \(floor) kB or more (largest: \(best.2))")
        }
        return Classification(kind: best.0, detail: "\(best.2) while \(lossText)")
    }

    static func signed(_ v: Int64) -> String { v >= 0 ? "+\(v)" : "\(v)" }

    static func summarize(kind: Kind, detail: String, top: [CacheDelta], heaps: [HeapDelta], check: SlabCheck?) -> String {
        var s: String
        switch kind {
        case .slab: s = "Slab leak: \(detail)"
        case .anon: s = "User-space (anonymous) memory grew: \(detail)"
        case .pageCache: s = "Page cache grew (reclaimable, usually not a leak): \(detail)"
        case .vmalloc: s = "vmalloc memory grew: \(detail)"
        case .cma: s = "CMA memory grew: \(detail)"
        case .unaccounted: s = "Memory vanished from every meminfo counter (driver page allocations): \(detail)"
        case .none:
            if let h = heaps.first(where: { $0.owners.first.map { $0.deltaBytes > 0 } ?? false }), let o = h.owners.first {
                // Heap dumps alone (the seed's step 3): the heap is the finding.
                let head = "MMA heap \(h.heap): \(o.owner) grew \(o.beforeChunks) → \(o.afterChunks) chunks (\(signed(o.deltaBytes)) bytes)"
                return head + (detail.hasPrefix("no meminfo") ? "." : "; meminfo: \(detail).")
            }
            s = "No leak between these samples: \(detail)"
        }
        if !top.isEmpty {
            s += "; caches that grew most: " + top.map { c in
                let ratio = c.growthRatio.map { " (×\(TrendSeries.rounded($0, places: 1)))" } ?? " (new)"
                return "\(c.cache) \(signed(c.deltaKiB)) KiB\(ratio)"
            }.joined(separator: ", ")
        }
        if let check, !check.agrees {
            s += "; Σ cache growth \(signed(check.cacheSumDeltaKiB)) KiB disagrees with ΔSlab \(signed(check.meminfoSlabDeltaKB)) kB (slabs allocated at a lower order than pagesperslab under memory pressure, per-CPU slabs, or dumps taken apart)"
        }
        if let h = heaps.first(where: { $0.owners.first.map { $0.deltaBytes > 0 } ?? false }), let o = h.owners.first {
            s += "; heap \(h.heap): \(o.owner) \(o.beforeChunks) → \(o.afterChunks) chunks (\(signed(o.deltaBytes)) bytes)"
        }
        return s + "."
    }

    static func nextStep(kind: Kind, notes: [CacheNote], heaps: [HeapDelta], rules: LeakRules) -> String {
        if let h = heaps.first(where: { $0.owners.first.map { $0.deltaBytes > 0 } ?? false }), let o = h.owners.first {
            return "\(o.owner) holds \(o.afterChunks - o.beforeChunks) more chunks of \(h.heap): print a backtrace where it allocates (e.g. backtrace() in MI_SYS_MMA_Alloc), reproduce once, and symbolize the blocks with `slabhound symbolize`."
        }
        if kind == .slab, let n = notes.first {
            return "\(n.cache): \(n.meaning) — \(n.nextStep)"
        }
        return rules.rule(for: kind)?.nextStep ?? "capture longer and run slabhound trend"
    }
}
