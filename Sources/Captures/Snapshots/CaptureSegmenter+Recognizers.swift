/// Line recognisers: one cleaned, tokenized line in, the sample in progress updated.
extension CaptureSegmenter {
    @inline(__always) func tok(_ i: Int) -> (Int, Int) { (tokStart[i], tokEnd[i]) }

    @inline(__always) func tokEquals(_ p: UnsafePointer<UInt8>, _ i: Int, _ lit: StaticString) -> Bool {
        i < tokCount && SnapshotBytes.equals(p, tokStart[i], tokEnd[i], lit)
    }

    @inline(__always) func tokDecimal(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int64? {
        i < tokCount ? SnapshotBytes.decimal(p, tokStart[i], tokEnd[i]) : nil
    }

    @inline(__always) func tokHex(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64? {
        i < tokCount ? SnapshotBytes.hex(p, tokStart[i], tokEnd[i]) : nil
    }

    func tokString(_ p: UnsafePointer<UInt8>, from a: Int, to b: Int) -> String {
        SnapshotBytes.string(p, tokStart[a], tokEnd[b - 1])
    }

    func recognize(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, prefixTime: CaptureTimestamp?, kernelPrefixed: Bool) {
        let c = p[s]
        // Rows are most of a log: try them first (a `# name` header also holds "tunables").
        if tokCount >= 8, c != 0x23, slabRow(p) { return attach(prefixTime) }
        if c == 0x23 /* # */ {
            if SnapshotBytes.hasPrefix(p, s, e, "### slabhound ") { return marker(p, s, e) }
            if tokEquals(p, 0, "#"), tokEquals(p, 1, "name") { return slabColumnsHeader(p, s, e) }
        }
        if isDecoration(p, s, e) { return }
        if let cache = allocCallsCache, !kernelPrefixed {
            return allocCallsLine(cache, p, s, e)
        }
        if tokCount == 2 || tokCount == 3, meminfoLine(p) { return attach(prefixTime) }
        if freeLine(p) { return attach(prefixTime) }
        if heapState != .none || tokEquals(p, 0, "mma"), heapLine(p, s, e) { return attach(prefixTime) }
        if slabHeader(p, s, e) { return attach(prefixTime) }
        if !kernelPrefixed, timestampLine(p, s, e) { return }
        let looksKernel = kernelPrefixed || SnapshotBytes.hasPrefix(p, s, e, "[<")
        recordSkip(looksKernel ? .kernelMessage : .unrecognized, p, s, e)
    }

    /// A line-prefix time (console logger, or a loop that logs through the kernel) dates the
    /// sample when nothing better does.
    private func attach(_ prefixTime: CaptureTimestamp?) {
        if let prefixTime, sample.timestamp == nil, sampleHasContent { sample.timestamp = prefixTime }
    }

    /// `####…`, `=====`, `-----`: the loop's banners.
    private func isDecoration(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        guard e - s >= 3 else { return false }
        var i = s
        while i < e {
            let b = p[i]
            if !(b == 0x23 || b == 0x3D || b == 0x2D || b == 0x2A || b == 0x7E || b == 0x20) { return false }
            i += 1
        }
        return true
    }

    // MARK: meminfo

    private func meminfoLine(_ p: UnsafePointer<UInt8>) -> Bool {
        let (ks, ke) = tok(0)
        guard ke - ks >= 2, p[ke - 1] == 0x3A else { return false }
        var inKB = false
        if tokCount == 3 {
            guard tokEquals(p, 2, "kB") || tokEquals(p, 2, "KB") else { return false }
            inKB = true
        }
        guard let value = tokDecimal(p, 1) else { return false }
        // Reuse the previous dump's String when the name is the same (it nearly always is).
        let index = meminfoFields.count
        let name: String
        let samePlace = index < previousMeminfoNames.count && SnapshotBytes.equals(p, ks, ke - 1, previousMeminfoNames[index])
        if samePlace {
            name = previousMeminfoNames[index]
        } else {
            name = SnapshotBytes.string(p, ks, ke - 1)
        }
        if lastKind != .meminfo || !sampleHasContent {
            // Outside a dump, only names the kernel prints start one (`Speed: 100` does not).
            guard Meminfo.knownNames.contains(name) else { return false }
        }
        // A dump printed in the previous dump's order cannot repeat a name (names of one dump
        // are unique): the scan is needed only when the order differs.
        let repeated = meminfoOpen
            && (lastKind != .meminfo || (!(samePlace && meminfoInOrder) && meminfoFields.contains { $0.name == name }))
        begin(.meminfo, repeated: repeated)
        if !meminfoOpen {
            meminfoOpen = true
            meminfoInOrder = true
        }
        meminfoInOrder = meminfoInOrder && samePlace
        meminfoFields.append(Meminfo.Field(name: name, value: value, inKB: inKB))
        return true
    }

    // MARK: slabinfo

    private func slabHeader(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if SnapshotBytes.hasPrefix(p, s, e, "slabinfo - version:") {
            var a = s + 19
            while a < e, SnapshotBytes.isSpace(p[a]) { a += 1 }
            let version = SnapshotBytes.string(p, a, e)
            slabVersion = version
            slabMajor = version.hasPrefix("1.") ? 1 : 2
            begin(.slabinfo, repeated: slabOpen)
            slabOpen = true
            slabSectionVersion = version
            slabNameCursor = 0
            return true
        }
        // The seed's copy wrapped the column header: `tunables <limit> <batchcount> ...` alone.
        if tokEquals(p, 0, "tunables"), tokCount > 2, p[tokStart[1]] == 0x3C {
            slabColumnOrder(p, s, e)
            return true
        }
        return false
    }

    /// `# name <active_objs> ...`: the column header. Its tunables order is not trusted (see
    /// `slabRow`), so it only has to be recognised.
    private func slabColumnsHeader(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {}

    private func slabColumnOrder(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {}

    /// `name active num objsize perslab pages : tunables a b c : slabdata act num shared [...]`
    /// (2.x), or `name active num objsize act_slabs num_slabs pages [: limit batch]` (1.1).
    private func slabRow(_ p: UnsafePointer<UInt8>) -> Bool {
        var t = -1
        var i = 6
        while i < tokCount, i < 12 {
            if tokEquals(p, i, "tunables") { t = i; break }
            i += 1
        }
        if t < 0 { return slabRowV1(p) }
        // At least one name token before the six numbers: `1 2 3 4 5 : tunables …` has none
        // (and slabName would read tokEnd[-1]).
        guard t >= 7, tokEquals(p, t - 1, ":"),
              let active = tokDecimal(p, t - 6), let num = tokDecimal(p, t - 5), let size = tokDecimal(p, t - 4),
              let perSlab = tokDecimal(p, t - 3), let pages = tokDecimal(p, t - 2),
              let tu1 = tokDecimal(p, t + 1), let tu2 = tokDecimal(p, t + 2), let shared = tokDecimal(p, t + 3),
              tokEquals(p, t + 4, ":"), tokEquals(p, t + 5, "slabdata"),
              let activeSlabs = tokDecimal(p, t + 6), let numSlabs = tokDecimal(p, t + 7)
        else {
            recordSkip(.malformedSlabinfo, p, tokStart[0], tokEnd[tokCount - 1])
            return true
        }
        let sharedAvail = tokDecimal(p, t + 8)
        let name = slabName(p, nameTokens: t - 6)
        addSlabRow(SlabCache(name: name, activeObjs: active, numObjs: num, objSize: size, objPerSlab: perSlab,
                             pagesPerSlab: pages,
                             // SLAB printed `limit batchcount` even under 2.0's header that says
                             // `<batchcount> <limit>` (`tunables 120 60 8`); the kernel refuses
                             // batchcount > limit, so the larger value is the limit whatever the header.
                             limit: max(tu1, tu2), batchCount: min(tu1, tu2),
                             sharedFactor: shared, activeSlabs: activeSlabs, numSlabs: numSlabs, sharedAvail: sharedAvail))
        return true
    }

    private func slabRowV1(_ p: UnsafePointer<UInt8>) -> Bool {
        guard slabMajor == 1, lastKind == .slabinfo, tokCount >= 7,
              let active = tokDecimal(p, 1), let num = tokDecimal(p, 2), let size = tokDecimal(p, 3),
              let activeSlabs = tokDecimal(p, 4), let numSlabs = tokDecimal(p, 5), let pages = tokDecimal(p, 6)
        else { return false }
        var limit: Int64?
        var batch: Int64?
        if tokEquals(p, 7, ":") { limit = tokDecimal(p, 8); batch = tokDecimal(p, 9) }
        let perSlab = numSlabs > 0 ? num / numSlabs : 0
        addSlabRow(SlabCache(name: slabName(p, nameTokens: 1), activeObjs: active, numObjs: num, objSize: size,
                             objPerSlab: perSlab, pagesPerSlab: pages, limit: limit, batchCount: batch,
                             activeSlabs: activeSlabs, numSlabs: numSlabs))
        return true
    }

    private func slabName(_ p: UnsafePointer<UInt8>, nameTokens: Int) -> String {
        slabName(p, tokStart[0], tokEnd[nameTokens - 1])
    }

    /// Reuses the previous dump's String for this name when it is at (or just after) the same
    /// place — dumps repeat their layout, and a cache appearing or vanishing shifts it a little.
    func slabName(_ p: UnsafePointer<UInt8>, _ a: Int, _ b: Int) -> String {
        var k = slabNameCursor
        let end = Swift.min(previousSlabNames.count, k + 4)
        while k < end {
            if SnapshotBytes.equals(p, a, b, previousSlabNames[k]) {
                slabNameCursor = k + 1
                return previousSlabNames[k]
            }
            k += 1
        }
        return SnapshotBytes.string(p, a, b)
    }

    func addSlabRow(_ row: SlabCache) {
        let repeated = slabOpen && lastKind != .slabinfo
        begin(.slabinfo, repeated: repeated)
        if !slabOpen {
            // Header cut off: the format is the one seen last.
            slabOpen = true
            slabSectionVersion = slabVersion
        }
        slabRows.append(row)
    }

    // MARK: free

    private func freeLine(_ p: UnsafePointer<UInt8>) -> Bool {
        let (a, b) = tok(0)
        guard b - a >= 3 else { return false }
        if SnapshotBytes.equals(p, a, b, "Mem:") { return freeMem(p) }
        if SnapshotBytes.equals(p, a, b, "total"), tokEquals(p, 1, "used"), tokEquals(p, 2, "free") {
            var cols: [FreeColumn] = []
            for i in 0..<tokCount {
                let (x, y) = tok(i)
                if SnapshotBytes.equals(p, x, y, "total") { cols.append(.total) }
                else if SnapshotBytes.equals(p, x, y, "used") { cols.append(.used) }
                else if SnapshotBytes.equals(p, x, y, "free") { cols.append(.free) }
                else if SnapshotBytes.equals(p, x, y, "shared") { cols.append(.shared) }
                else if SnapshotBytes.equals(p, x, y, "buffers") { cols.append(.buffers) }
                else if SnapshotBytes.equals(p, x, y, "cached") || SnapshotBytes.equals(p, x, y, "cache") { cols.append(.cached) }
                else if SnapshotBytes.equals(p, x, y, "buff/cache") { cols.append(.buffCache) }
                else if SnapshotBytes.equals(p, x, y, "available") { cols.append(.available) }
                else { cols.append(.other) }
            }
            freeColumns = cols
            return true
        }
        if SnapshotBytes.equals(p, a, b, "-/+") {
            guard sample.free != nil, lastKind == .free, tokCount >= 4,
                  let used = tokDecimal(p, tokCount - 2), let free = tokDecimal(p, tokCount - 1) else { return false }
            sample.free!.adjustedUsed = used
            sample.free!.adjustedFree = free
            return true
        }
        if SnapshotBytes.equals(p, a, b, "Swap:") {
            guard sample.free != nil, lastKind == .free else { return false }
            guard tokCount >= 4, let t = tokDecimal(p, 1), let u = tokDecimal(p, 2), let f = tokDecimal(p, 3) else {
                recordSkip(.malformedFree, p, a, tokEnd[tokCount - 1])
                return true
            }
            sample.free!.swapTotal = t
            sample.free!.swapUsed = u
            sample.free!.swapFree = f
            return true
        }
        if SnapshotBytes.equals(p, a, b, "Low:") || SnapshotBytes.equals(p, a, b, "High:") || SnapshotBytes.equals(p, a, b, "Total:") {
            return sample.free != nil && lastKind == .free
        }
        return false
    }

    private func freeMem(_ p: UnsafePointer<UInt8>) -> Bool {
        let n = tokCount - 1
        var values: [Int64] = []
        values.reserveCapacity(n)
        for i in 1..<tokCount {
            guard let v = tokDecimal(p, i) else {
                // `free -h` (`23Gi`) or a line cut short: not numbers we can use.
                recordSkip(.malformedFree, p, tokStart[0], tokEnd[tokCount - 1])
                return true
            }
            values.append(v)
        }
        guard n >= 3 else {
            recordSkip(.malformedFree, p, tokStart[0], tokEnd[tokCount - 1])
            return true
        }
        var cols = freeColumns.map { Array($0) } ?? []
        if cols.count != n {
            // No header seen (or it does not fit): guess by count, as the common versions print.
            switch n {
            case 5: cols = [.total, .used, .free, .shared, .buffers]
            case 6: cols = [.total, .used, .free, .shared, .buffCache, .available]
            case 7: cols = [.total, .used, .free, .shared, .buffers, .cached, .available]
            default: cols = [.total, .used, .free, .shared, .buffers, .cached, .other, .other, .other]
            }
        }
        var r = FreeReport(total: values[0], used: values[1], free: values[2])
        for (i, v) in values.enumerated() where i < cols.count {
            switch cols[i] {
            case .total: r.total = v
            case .used: r.used = v
            case .free: r.free = v
            case .shared: r.shared = v
            case .buffers: r.buffers = v
            case .cached: r.cached = v
            case .buffCache: r.buffCache = v
            case .available: r.available = v
            case .other: break
            }
        }
        begin(.free, repeated: sample.free != nil)
        sample.free = r
        return true
    }

    // MARK: MMA heap

    private func heapLine(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if tokEquals(p, 0, "mma"), tokEquals(p, 1, "heap"), tokEquals(p, 2, "name") {
            heapState = .expectName
            return true
        }
        switch heapState {
        case .none:
            return false
        case .expectName:
            guard tokCount >= 3, let base = tokHex(p, 1), let length = tokHex(p, 2) else { return false }
            let name = SnapshotBytes.string(p, tokStart[0], tokEnd[0])
            let repeated = sample.heaps.contains { $0.name == name } || (!sample.heaps.isEmpty && lastKind != .heap)
            begin(.heap, repeated: repeated)
            sample.heaps.append(MmaHeapDump(name: name, base: base, length: length, chunkManagerAvail: tokHex(p, 3)))
            heapState = .chunkManager
            return true
        case .chunkManager, .chunks:
            guard !sample.heaps.isEmpty, lastKind == .heap else { heapState = .none; return false }
            if tokEquals(p, 0, "chunk_mgr"), tokEquals(p, 1, "info:") { heapState = .chunkManager; return true }
            if tokEquals(p, 0, "each"), tokEquals(p, 1, "chunk") { heapState = .chunks; return true }
            if tokEquals(p, 0, "offset") { return true }  // column headers
            if heapState == .chunkManager {
                return tokCount == 3 && tokHex(p, 0) != nil && tokHex(p, 1) != nil && tokHex(p, 2) != nil
            }
            guard tokCount >= 4, let offset = tokHex(p, 0), let length = tokHex(p, 1), let flag = tokDecimal(p, 2) else {
                return false
            }
            let task = tokString(p, from: 3, to: tokCount)
            sample.heaps[sample.heaps.count - 1].chunks.append(
                MmaHeapDump.Chunk(offset: offset, length: length, used: flag != 0, task: task))
            return true
        }
    }

    // MARK: timestamps and markers

    private func timestampLine(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if expectEpochLine {
            expectEpochLine = false
            if tokCount == 1, let v = tokDecimal(p, 0) {
                setTimestamp(CaptureTimestamp(seconds: Double(v), clock: .epoch, source: .epochLine))
                return true
            }
        }
        if tokCount == 1, tokEnd[0] - tokStart[0] >= 9, tokEnd[0] - tokStart[0] <= 10, let v = tokDecimal(p, 0) {
            setTimestamp(CaptureTimestamp(seconds: Double(v), clock: .epoch, source: .epochLine))
            return true
        }
        if tokCount == 2, Self.containsDot(p, tokStart[0], tokEnd[0]),
           let up = SnapshotBytes.seconds(p, tokStart[0], tokEnd[0]), SnapshotBytes.seconds(p, tokStart[1], tokEnd[1]) != nil {
            setTimestamp(CaptureTimestamp(seconds: up, clock: .uptime, source: .procUptime))
            return true
        }
        if tokCount >= 5, let t = SnapshotDate.ctimeEpoch(p, starts: tokStart, ends: tokEnd, count: tokCount) {
            setTimestamp(CaptureTimestamp(seconds: t, clock: .epoch, source: .date))
            return true
        }
        if tokCount <= 3, let t = SnapshotDate.isoEpoch(p, s, e) {
            setTimestamp(CaptureTimestamp(seconds: t, clock: .epoch, source: .date))
            return true
        }
        if let up = uptimeCommand(p) {
            setTimestamp(CaptureTimestamp(seconds: up, clock: .uptime, source: .uptimeCommand))
            return true
        }
        // A shell echo of `date +%s` announces that the next line is an epoch.
        if tokCount >= 2, tokEquals(p, tokCount - 2, "date"), tokEquals(p, tokCount - 1, "+%s") {
            expectEpochLine = true
            return false
        }
        return false
    }

    /// ` 10:00:01 up 3 days,  4:05,  1 user,  load average: 0.00, 0.01, 0.05` → seconds up
    /// (minute resolution: only used when nothing finer is printed).
    private func uptimeCommand(_ p: UnsafePointer<UInt8>) -> Double? {
        guard tokCount >= 5 else { return nil }
        var up = -1
        for i in 0..<min(tokCount, 3) where tokEquals(p, i, "up") { up = i; break }
        guard up >= 0 else { return nil }
        var hasLoad = false
        for i in up..<tokCount where tokEquals(p, i, "load") { hasLoad = true; break }
        guard hasLoad else { return nil }
        var seconds = 0.0
        var i = up + 1
        while i < tokCount, !tokEquals(p, i, "load") {
            var (a, b) = tok(i)
            if b > a, p[b - 1] == 0x2C { b -= 1 }
            if let n = SnapshotBytes.decimal(p, a, b), i + 1 < tokCount {
                let (ua, ub) = tok(i + 1)
                if SnapshotBytes.hasPrefix(p, ua, ub, "day") { seconds += Double(n) * 86_400; i += 2; continue }
                if SnapshotBytes.hasPrefix(p, ua, ub, "min") { seconds += Double(n) * 60; i += 2; continue }
                if SnapshotBytes.hasPrefix(p, ua, ub, "user") { break }
            }
            if b - a >= 4, b - a <= 5, p[b - 3] == 0x3A,
               let h = SnapshotBytes.decimal(p, a, b - 3), let m = SnapshotBytes.decimal(p, b - 2, b) {
                seconds += Double(h) * 3600 + Double(m) * 60
            }
            i += 1
        }
        return seconds
    }

    private func setTimestamp(_ ts: CaptureTimestamp) {
        if let old = sample.timestamp, old.source != .linePrefix, sampleHasContent {
            // Two clocks printed back to back in one iteration (`date; cat /proc/uptime`): keep the first.
            if lastKind == .timestamp, old.source != ts.source { return }
            begin(.timestamp, repeated: true)
        } else {
            begin(.timestamp, repeated: false)
        }
        sample.timestamp = ts
    }

    /// `### slabhound sample N t=EPOCH up=SECONDS` starts a sample;
    /// `### slabhound alloc_calls CACHE` starts a cache's alloc_calls; other markers label sections.
    private func marker(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        sawMarkers = true
        if tokEquals(p, 2, "sample") {
            flushSample()
            var ts: CaptureTimestamp?
            for i in 3..<max(3, tokCount) {
                let (a, b) = tok(i)
                if SnapshotBytes.hasPrefix(p, a, b, "t="), let v = SnapshotBytes.seconds(p, a + 2, b) {
                    ts = CaptureTimestamp(seconds: v, clock: .epoch, source: .marker)
                } else if ts == nil, SnapshotBytes.hasPrefix(p, a, b, "up="), let v = SnapshotBytes.seconds(p, a + 3, b) {
                    ts = CaptureTimestamp(seconds: v, clock: .uptime, source: .marker)
                }
            }
            begin(.timestamp, repeated: false)
            sample.timestamp = ts
            return
        }
        if tokEquals(p, 2, "alloc_calls"), tokCount >= 4 {
            let cache = tokString(p, from: 3, to: 4)
            begin(.allocCalls, repeated: sample.allocCalls[cache] != nil)
            sample.allocCalls[cache] = sample.allocCalls[cache] ?? []
            allocCallsCache = cache
            return
        }
        allocCallsCache = nil
        heapState = .none
    }

    private func allocCallsLine(_ cache: String, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) {
        if sample.allocCalls[cache, default: []].count < options.allocCallsLimit {
            sample.allocCalls[cache, default: []].append(SnapshotBytes.string(p, s, e))
        }
    }
}
