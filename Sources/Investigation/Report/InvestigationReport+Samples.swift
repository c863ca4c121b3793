import Captures

extension InvestigationReport {
    /// Fills the sample count and the charts from the capture's samples. The caches charted
    /// are those the trend found growing in a sustained way, else those `compare` names as
    /// grown most (a capture of two samples has no trend, and the seed is such a capture).
    public mutating func chart(samples: [CaptureSample], pageSize: Int64 = 4096, cacheLimit: Int = HTMLReport.chartedCaches) {
        var collector = SampleSeriesCollector(pageSize: pageSize)
        for s in samples { collector.add(s) }
        self.samples = collector.samples
        memorySeries = collector.meminfoSeries
        freeSeries = collector.freeSeries
        cacheSeries = Self.chartedCaches(trend: trend, comparison: comparison, limit: cacheLimit)
            .compactMap { collector.cacheSeries($0) }
    }

    /// Names of the caches worth a chart, largest growth first.
    static func chartedCaches(trend: TrendAnalysis?, comparison: Comparison?, limit: Int) -> [String] {
        if let growing = trend?.growingCaches, !growing.isEmpty { return Array(growing.prefix(limit)) }
        guard let comparison else { return [] }
        return Array(Comparison.topCaches(comparison.slabinfo).map(\.cache).prefix(limit))
    }
}
