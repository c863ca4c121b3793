import Captures

/// Everything one HTML report shows, computed beforehand: `HTMLReport.render` turns it into a
/// page without reading files or running anything. Every string in it may come from a hostile
/// capture (cache names, task names, paths, trace text) — the renderer escapes all of them.
public struct InvestigationReport: Sendable, Equatable {
    public var title: String
    /// When it was made, already formatted (kept out of the renderer so output is reproducible).
    public var generated: String?
    /// The captures read (names as given), or a description such as "session capture".
    public var sources: [String]
    public var samples: Int
    /// MemFree, MemAvailable, Slab, SUnreclaim over the samples (those printed).
    public var memorySeries: [ReportSeries]
    /// `free`'s free column and available estimate.
    public var freeSeries: [ReportSeries]
    /// The caches charted: those that grew, largest growth first.
    public var cacheSeries: [ReportSeries]
    public var trend: TrendAnalysis?
    public var comparison: Comparison?
    public var ooms: [ReportOOM]
    public var blame: ReportBlame?
    /// The method's checklist as `guide` evaluates it over the same evidence.
    public var checklist: GuideChecklist?
    /// Lines worth a mention: skipped input, things that could not be read.
    public var notes: [String]

    public init(title: String = "slabhound report", generated: String? = nil, sources: [String] = [],
                samples: Int = 0, memorySeries: [ReportSeries] = [], freeSeries: [ReportSeries] = [],
                cacheSeries: [ReportSeries] = [], trend: TrendAnalysis? = nil, comparison: Comparison? = nil,
                ooms: [ReportOOM] = [], blame: ReportBlame? = nil, checklist: GuideChecklist? = nil,
                notes: [String] = []) {
        self.title = title
        self.generated = generated
        self.sources = sources
        self.samples = samples
        self.memorySeries = memorySeries
        self.freeSeries = freeSeries
        self.cacheSeries = cacheSeries
        self.trend = trend
        self.comparison = comparison
        self.ooms = ooms
        self.blame = blame
        self.checklist = checklist
        self.notes = notes
    }
}
