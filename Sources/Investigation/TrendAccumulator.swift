import Captures

/// Builds a `TrendAnalysis` from samples fed one at a time, in memory bounded by the number of
/// series (not samples): feed it straight from a `CaptureSegmenter`.
public struct TrendAccumulator: Sendable {
    public let pageSize: Int64
    public private(set) var samples = 0
    private var list: [SeriesAccumulator] = []
    private var slots: [String: Int] = [:]
    private var cacheSlots: [Int] = []
    // The previous sample's slab rows and their slots: rows come in the same order every time,
    // so most rows find their series without hashing.
    private var rowNames: [String] = []
    private var rowSlots: [Int] = []
    private var memTotalKB: Double?
    private var clock: CaptureTimestamp.Clock?
    private var lastSeconds: Double?
    private var timed = true

    /// Names of the key series, in display order.
    static let keySeries = ["MemFree", "MemAvailable", "free", "available", "Slab", "SUnreclaim"]

    /// A cache's series name: the second cache of a name in one dump is `name#2`, and so on.
    static func cacheSeriesName(_ name: String, occurrence: Int) -> String {
        occurrence == 1 ? name : "\(name)#\(occurrence)"
    }

    public init(pageSize: Int64 = 4096) {
        self.pageSize = pageSize
    }

    public mutating func add(_ sample: CaptureSample) {
        let x = Double(samples)
        samples += 1
        var hours: Double?
        if let ts = sample.timestamp, timed {
            if clock == nil { clock = ts.clock }
            // A different clock, or time going backwards (a reboot resets uptime): no per-hour rates.
            if ts.clock != clock || (lastSeconds.map { ts.seconds < $0 } ?? false) { timed = false } else {
                hours = ts.seconds / 3600
                lastSeconds = ts.seconds
            }
        } else {
            timed = false
        }
        if let m = sample.meminfo {
            if let total = m["MemTotal"] { memTotalKB = Double(total) }
            for name in ["MemFree", "MemAvailable", "Slab", "SUnreclaim"] {
                if let v = m[name] { add(name, unit: "kB", x: x, hours: hours, y: Double(v)) }
            }
        }
        if let f = sample.free {
            add("free", unit: "KiB", x: x, hours: hours, y: Double(f.free))
            add("available", unit: "KiB", x: x, hours: hours, y: Double(f.availableEstimate))
            if memTotalKB == nil { memTotalKB = Double(f.total) }
        }
        if let rows = sample.slabinfo?.rows { addSlab(rows, x: x, hours: hours) }
    }

    /// Rows are matched to series by their place in the previous dump (searching a few rows
    /// ahead, for a cache that appeared or vanished) and only by name when that fails, so a
    /// long log costs no hashing per row.
    private mutating func addSlab(_ rows: [SlabCache], x: Double, hours: Double?) {
        var cursor = 0
        var differs = rows.count != rowNames.count
        var slotsNow: [Int] = []
        slotsNow.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let y = Double(row.bytes(pageSize: pageSize) / 1024)
            var slot = -1
            var k = cursor
            let end = Swift.min(rowNames.count, cursor + 4)
            while k < end {
                if rowNames[k] == row.name { slot = rowSlots[k]; break }
                k += 1
            }
            if slot >= 0 {
                if k != i { differs = true }
                cursor = k + 1
                list[slot].add(x: x, hours: hours, y: y)
            } else {
                differs = true
                // The same name twice is two caches: the second is `name#2`.
                var occurrence = 1
                for j in 0..<i where rows[j].name == row.name { occurrence += 1 }
                let name = Self.cacheSeriesName(row.name, occurrence: occurrence)
                let isNew = slots[name] == nil
                slot = add(name, unit: "KiB", x: x, hours: hours, y: y)
                if isNew { cacheSlots.append(slot) }
            }
            slotsNow.append(slot)
        }
        if differs {
            rowNames = rows.map(\.name)
            rowSlots = slotsNow
        }
    }

    @discardableResult
    private mutating func add(_ name: String, unit: String, x: Double, hours: Double?, y: Double) -> Int {
        let slot: Int
        if let s = slots[name] {
            slot = s
        } else {
            slot = list.count
            slots[name] = slot
            list.append(SeriesAccumulator(name: name, unit: unit))
        }
        list[slot].add(x: x, hours: hours, y: y)
        return slot
    }

    public func analysis() -> TrendAnalysis {
        // A leak worth the name moves more than 0.1% of RAM (at least 256 KiB) over the capture.
        let floor = Swift.max(256, (memTotalKB ?? 0) * 0.001)
        let cacheFloor = Swift.max(64, floor / 4)
        var out: [TrendSeries] = []
        for name in Self.keySeries {
            if let i = slots[name] { out.append(Self.evaluate(list[i], floor: floor, timed: timed)) }
        }
        let caches = cacheSlots.map { Self.evaluate(list[$0], floor: cacheFloor, timed: timed) }
        let growing = caches.filter { $0.sustained == .rising }.sorted { $0.fittedChange > $1.fittedChange }
        let (verdict, summary) = Self.verdict(key: out, caches: caches, growing: growing, samples: samples)
        return TrendAnalysis(samples: samples, verdict: verdict, series: out + caches,
                             growingCaches: growing.map(\.name), summary: summary)
    }
}
