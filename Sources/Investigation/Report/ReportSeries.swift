/// One line of a chart: a value per sample that printed it.
public struct ReportSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        /// 1-based sample number; fractional when long captures were thinned (averaged pairs).
        public var sample: Double
        public var value: Double

        public init(sample: Double, value: Double) {
            self.sample = sample
            self.value = value
        }
    }

    public var name: String
    /// `kB` (meminfo) or `KiB` (`free`, slab caches).
    public var unit: String
    public var points: [Point]

    public init(name: String, unit: String, points: [Point]) {
        self.name = name
        self.unit = unit
        self.points = points
    }
}
