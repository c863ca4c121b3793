/// The evidence for one series: where it started and ended, how it moved, and how well a
/// straight line explains it.
public struct TrendSeries: Sendable, Equatable, Codable {
    public enum Direction: String, Sendable, Codable {
        case rising, falling, flat
    }

    public var name: String
    /// `kB` for meminfo fields, `KiB` for `free` columns and slab caches.
    public var unit: String
    public var first: Double
    public var last: Double
    public var min: Double
    public var max: Double
    /// Values seen (samples that printed this series).
    public var count: Int
    /// Theil–Sen slope per sample, and per hour when every sample had a timestamp.
    public var slopePerSample: Double
    public var slopePerHour: Double?
    /// r² of the Theil–Sen line over all values (0 for a flat series).
    public var r2: Double
    /// Mann–Kendall z score (> 2.33: rising at p < 0.01; < −2.33: falling).
    public var trendZ: Double
    /// Change the robust line predicts over the capture, and the noise around it (robust σ).
    public var fittedChange: Double
    public var noise: Double
    /// The sustained direction, if any: significant, larger than the noise and the size floor,
    /// and present in both halves of the capture (so one drop is not a trend).
    public var sustained: Direction
    /// Up to 40 values (averaged) for a sparkline.
    public var profile: [Double]

    enum CodingKeys: String, CodingKey {
        case name, unit, first, last
        case slopePerSample = "slope_per_sample"
        case slopePerHour = "slope_per_hour"
        case r2
    }

    public init(name: String, unit: String, first: Double, last: Double, min: Double, max: Double, count: Int,
                slopePerSample: Double, slopePerHour: Double?, r2: Double, trendZ: Double,
                fittedChange: Double, noise: Double, sustained: Direction, profile: [Double]) {
        self.name = name
        self.unit = unit
        self.first = first
        self.last = last
        self.min = min
        self.max = max
        self.count = count
        self.slopePerSample = slopePerSample
        self.slopePerHour = slopePerHour
        self.r2 = r2
        self.trendZ = trendZ
        self.fittedChange = fittedChange
        self.noise = noise
        self.sustained = sustained
        self.profile = profile
    }

    /// Decodes the JSON shape (`name, unit, first, last, slope_per_sample, slope_per_hour, r2`);
    /// the rest is not part of it and comes back empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        unit = try c.decode(String.self, forKey: .unit)
        first = try c.decode(Double.self, forKey: .first)
        last = try c.decode(Double.self, forKey: .last)
        slopePerSample = try c.decode(Double.self, forKey: .slopePerSample)
        slopePerHour = try c.decodeIfPresent(Double.self, forKey: .slopePerHour)
        r2 = try c.decode(Double.self, forKey: .r2)
        min = Swift.min(first, last)
        max = Swift.max(first, last)
        count = 0
        trendZ = 0
        fittedChange = 0
        noise = 0
        sustained = .flat
        profile = []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(first, forKey: .first)
        try c.encode(last, forKey: .last)
        try c.encode(Self.rounded(slopePerSample), forKey: .slopePerSample)
        if let slopePerHour { try c.encode(Self.rounded(slopePerHour), forKey: .slopePerHour) } else { try c.encodeNil(forKey: .slopePerHour) }
        try c.encode(Self.rounded(r2, places: 4), forKey: .r2)
    }

    static func rounded(_ v: Double, places: Int = 3) -> Double {
        guard v.isFinite else { return 0 }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (v * scale).rounded() / scale
    }
}
