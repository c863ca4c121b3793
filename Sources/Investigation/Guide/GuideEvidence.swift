import Captures

/// Everything the checklist looks at: what the session's capture says (trend, compare, heap
/// dumps, alloc_calls) and which allocation sites its traces show. Built by
/// `GuideEvidence.analyse` from samples, then completed with the sites (located by the caller,
/// which owns gdb).
public struct GuideEvidence: Sendable, Equatable {
    /// A stretch of the session's samples that came in together (one file, one paste): a trend
    /// is fitted per stretch, since two runs of the board are not one series.
    public struct Segment: Sendable, Equatable {
        public var name: String
        public var range: Range<Int>

        public init(name: String, range: Range<Int>) {
            self.name = name
            self.range = range
        }
    }

    public var samples = 0
    public var meminfoSamples = 0
    public var slabinfoSamples = 0
    public var heapSamples = 0
    /// Step 0: the deciding trend (the first stretch that leaks, else the whole session's).
    public var trend: TrendAnalysis?
    /// Which samples the trend is over: `capture.txt, samples 1–27`.
    public var trendSource: String?
    /// Steps 1–3: first vs last dump of each kind over the session.
    public var comparison: Comparison?
    /// alloc_calls dumps seen, per cache.
    public var allocCallsDumps: [String: Int] = [:]
    /// Call sites whose live-object count grew between the first and last dump of a cache.
    public var callSiteGrowth: [CallSiteComparison.Growth] = []
    /// Allocation backtraces (print_trace blocks) and kmemleak objects seen.
    public var backtraces = 0
    public var kmemleakObjects = 0
    /// OOM-killer reports the session holds, one line each (task, order, what failed).
    public var oomReports: [String] = []
    /// Sites of the backtraces/kmemleak objects, and of the grown call sites, located or not.
    public var allocationSites: [GuideSite] = []
    public var callSites: [GuideSite] = []
    /// Symbol files (or directories) loaded in the session.
    public var symbolPaths: [String] = []
    /// Whether the sites were looked up against `symbolPaths` (gdb ran for this evidence).
    public var sitesLookedUp = false

    public init() {}

    /// Fewest samples a trend is fitted on: with two points any change looks sustained.
    public static let minimumTrendSamples = 3

    /// Trend, comparison and alloc_calls growth of the session's samples. Pure.
    public static func analyse(samples: [CaptureSample], segments: [Segment] = [], pageSize: Int64 = 4096,
                               rules: LeakRules = .default) -> GuideEvidence {
        var e = GuideEvidence()
        e.samples = samples.count
        e.meminfoSamples = samples.filter { $0.meminfo != nil }.count
        e.slabinfoSamples = samples.filter { $0.slabinfo != nil }.count
        e.heapSamples = samples.filter { !$0.heaps.isEmpty }.count
        (e.trend, e.trendSource) = decidingTrend(samples: samples, segments: segments, pageSize: pageSize)

        var selector = ComparisonSelector()
        for s in samples { selector.add(s) }
        let sides = [selector.first, selector.last]
        if selector.samples >= 2, !sides[0].isEmpty, !sides[1].isEmpty, differ(sides[0], sides[1]) {
            e.comparison = Comparison.compute(before: sides[0], after: sides[1], pageSize: pageSize, rules: rules)
        }

        // alloc_calls printed by the collector (`### slabhound alloc_calls CACHE`): parsed as the
        // file it is, first dump vs last per cache.
        var dumps: [SlabCallSiteParser.Dump] = []
        for s in samples {
            for cache in s.allocCalls.keys.sorted() {
                let text = (["cat /sys/kernel/slab/\(cache)/alloc_calls"] + s.allocCalls[cache]!).joined(separator: "\n")
                dumps += SlabCallSiteParser.dumps(in: text)
                e.allocCallsDumps[cache, default: 0] += 1
            }
        }
        e.callSiteGrowth = CallSiteComparison.grown(in: dumps)
        return e
    }

    /// Two sides taken from the same sample compare nothing.
    static func differ(_ a: ComparisonSide, _ b: ComparisonSide) -> Bool {
        a.meminfoSample != b.meminfoSample || a.slabinfoSample != b.slabinfoSample || a.heapSample != b.heapSample
    }

    /// A stretch that leaks decides (the leak was seen); else the whole session's verdict.
    static func decidingTrend(samples: [CaptureSample], segments: [Segment], pageSize: Int64) -> (TrendAnalysis?, String?) {
        guard samples.count >= minimumTrendSamples else { return (nil, nil) }
        func trend(_ range: Range<Int>) -> TrendAnalysis {
            var acc = TrendAccumulator(pageSize: pageSize)
            for s in samples[range] { acc.add(s) }
            return acc.analysis()
        }
        let covered = segments.filter { $0.range.count >= minimumTrendSamples && $0.range.upperBound <= samples.count }
        // Checked even when the whole session leaks: a session that mixes runs (a `free` series
        // and two snapshots of another run) is better explained by the stretch that leaks.
        if covered.count > 1 || (covered.count == 1 && covered[0].range.count < samples.count) {
            for segment in covered {
                let t = trend(segment.range)
                if t.verdict == .leaking {
                    return (t, "\(segment.name), samples \(segment.range.lowerBound + 1)–\(segment.range.upperBound)")
                }
            }
        }
        return (trend(0..<samples.count), "the session's \(samples.count) samples")
    }
}
