import Captures

/// Keeps, while samples stream by, the value of every chartable series at every sample — the
/// four meminfo lines, `free`'s columns and every slab cache's KiB — so the report can draw
/// the whole capture, not the trend's 40-point profile. Memory is bounded: past `capacity`
/// points a series is thinned by averaging neighbours in pairs (a chart is 700-odd pixels wide;
/// more points would only fatten the file).
public struct SampleSeriesCollector: Sendable {
    public static let defaultCapacity = 1000
    /// The meminfo fields charted, in legend order.
    public static let meminfoFields = ["MemFree", "MemAvailable", "Slab", "SUnreclaim"]

    public let pageSize: Int64
    public let capacity: Int
    public private(set) var samples = 0
    private var series: [String: Thinned] = [:]

    public init(pageSize: Int64 = 4096, capacity: Int = SampleSeriesCollector.defaultCapacity) {
        self.pageSize = pageSize
        self.capacity = Swift.max(2, capacity)
    }

    public mutating func add(_ sample: CaptureSample) {
        samples += 1
        let x = Double(samples)
        if let m = sample.meminfo {
            for name in Self.meminfoFields {
                if let v = m[name] { add("meminfo:" + name, unit: "kB", x: x, y: Double(v)) }
            }
        }
        if let f = sample.free {
            add("free:free", unit: "KiB", x: x, y: Double(f.free))
            add("free:available", unit: "KiB", x: x, y: Double(f.availableEstimate))
        }
        if let rows = sample.slabinfo?.rows {
            // The same name twice is two caches, named as `trend` names them.
            var seen: [String: Int] = [:]
            for row in rows {
                let n = seen[row.name, default: 0] + 1
                seen[row.name] = n
                let name = TrendAccumulator.cacheSeriesName(row.name, occurrence: n)
                add("slab:" + name, unit: "KiB", x: x, y: Double(row.bytes(pageSize: pageSize) / 1024))
            }
        }
    }

    private mutating func add(_ key: String, unit: String, x: Double, y: Double) {
        series[key, default: Thinned(unit: unit)].add(x: x, y: y, capacity: capacity)
    }

    /// MemFree, MemAvailable, Slab, SUnreclaim — those the capture printed.
    public var meminfoSeries: [ReportSeries] {
        Self.meminfoFields.compactMap { named("meminfo:" + $0, as: $0) }
    }

    /// `free`'s free column and its available estimate (the seed's step 0 series).
    public var freeSeries: [ReportSeries] {
        [named("free:free", as: "free"), named("free:available", as: "available")].compactMap { $0 }
    }

    /// A slab cache's KiB per sample (`name#2` for the second cache of a name).
    public func cacheSeries(_ name: String) -> ReportSeries? { named("slab:" + name, as: name) }

    private func named(_ key: String, as name: String) -> ReportSeries? {
        guard let s = series[key] else { return nil }
        return ReportSeries(name: name, unit: s.unit, points: s.points)
    }

    /// Points of one series. When it reaches capacity, neighbours are averaged in pairs and
    /// from then on each point averages twice as many samples (all points weigh the same, so
    /// the line stays a fair picture of the capture).
    struct Thinned: Sendable {
        let unit: String
        private var full: [ReportSeries.Point] = []
        private var width = 1
        private var pendingX = 0.0, pendingY = 0.0, pendingCount = 0

        init(unit: String) { self.unit = unit }

        var points: [ReportSeries.Point] {
            guard pendingCount > 0 else { return full }
            let n = Double(pendingCount)
            return full + [ReportSeries.Point(sample: pendingX / n, value: pendingY / n)]
        }

        mutating func add(x: Double, y: Double, capacity: Int) {
            pendingX += x
            pendingY += y
            pendingCount += 1
            guard pendingCount == width else { return }
            let n = Double(width)
            full.append(ReportSeries.Point(sample: pendingX / n, value: pendingY / n))
            pendingX = 0; pendingY = 0; pendingCount = 0
            guard full.count >= capacity else { return }
            var merged: [ReportSeries.Point] = []
            merged.reserveCapacity(full.count / 2 + 1)
            var i = 0
            while i + 1 < full.count {
                let a = full[i], b = full[i + 1]
                merged.append(ReportSeries.Point(sample: (a.sample + b.sample) / 2, value: (a.value + b.value) / 2))
                i += 2
            }
            if i < full.count {
                // An odd point out becomes the start of the next (wider) point.
                pendingX = full[i].sample * n
                pendingY = full[i].value * n
                pendingCount = width
            }
            full = merged
            width *= 2
        }
    }
}
