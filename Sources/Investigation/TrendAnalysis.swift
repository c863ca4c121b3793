/// Step 0 of the method: is memory leaking at all?
public struct TrendAnalysis: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Codable {
        case leaking, stable, inconclusive
    }

    public var samples: Int
    public var verdict: Verdict
    /// Key series first (MemFree, MemAvailable, `free`, available, Slab, SUnreclaim), then every
    /// slab cache.
    public var series: [TrendSeries]
    /// Caches whose bytes rose in a sustained way, largest rise first.
    public var growingCaches: [String]
    public var summary: String

    enum CodingKeys: String, CodingKey {
        case samples, verdict, series
        case growingCaches = "growing_caches"
        case summary
    }

    public init(samples: Int, verdict: Verdict, series: [TrendSeries], growingCaches: [String], summary: String) {
        self.samples = samples
        self.verdict = verdict
        self.series = series
        self.growingCaches = growingCaches
        self.summary = summary
    }

    public func series(named name: String) -> TrendSeries? { series.first { $0.name == name } }
}
