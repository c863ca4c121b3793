import Captures

/// Builds a `TrendAnalysis` from samples fed one at a time, in memory bounded by the number of
/// series (not samples): feed it straight from a `CaptureSegmenter`.
public struct TrendAccumulator: Sendable {
    public let pageSize: Int64
    public private(set) var samples = 0
    private var series: [String: SeriesAccumulator] = [:]
    private var order: [String] = []
    private var cacheNames: [String] = []
    private var memTotalKB: Double?
    private var clock: CaptureTimestamp.Clock?
    private var lastSeconds: Double?
    private var timed = true

    /// Names of the key series, in display order.
    static let keySeries = ["MemFree", "MemAvailable", "free", "available", "Slab", "SUnreclaim"]

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
        if let slab = sample.slabinfo {
            var seen: [String: Int] = [:]
            for row in slab.rows {
                let k = seen[row.name, default: 0] + 1
                seen[row.name] = k
                // The same name twice is two caches: the second is `name#2`.
                let name = k == 1 ? row.name : "\(row.name)#\(k)"
                if series[name] == nil { cacheNames.append(name) }
                add(name, unit: "KiB", x: x, hours: hours, y: Double(row.bytes(pageSize: pageSize) / 1024))
            }
        }
    }

    private mutating func add(_ name: String, unit: String, x: Double, hours: Double?, y: Double) {
        if series[name] == nil {
            series[name] = SeriesAccumulator(name: name, unit: unit)
            order.append(name)
        }
        series[name]!.add(x: x, hours: hours, y: y)
    }

    public func analysis() -> TrendAnalysis {
        // A leak worth the name moves more than 0.1% of RAM (at least 256 KiB) over the capture.
        let floor = Swift.max(256, (memTotalKB ?? 0) * 0.001)
        let cacheFloor = Swift.max(64, floor / 4)
        var out: [TrendSeries] = []
        for name in Self.keySeries {
            if let s = series[name] { out.append(Self.evaluate(s, floor: floor, timed: timed)) }
        }
        var caches: [TrendSeries] = []
        for name in cacheNames {
            if let s = series[name] { caches.append(Self.evaluate(s, floor: cacheFloor, timed: timed)) }
        }
        let growing = caches.filter { $0.sustained == .rising }.sorted { $0.fittedChange > $1.fittedChange }
        let (verdict, summary) = Self.verdict(key: out, caches: caches, growing: growing, samples: samples)
        return TrendAnalysis(samples: samples, verdict: verdict, series: out + caches,
                             growingCaches: growing.map(\.name), summary: summary)
    }
}
