/// Which way step 3 and step 4 go, read off the compare verdict and the rules table (the table
/// says what a cache's growth means; this only sorts its advice into the checklist's paths).
public enum GuideRoute: String, Sendable, Codable {
    /// A vendor heap (MMA) stands behind the caches: find the heap owner, then the user-space
    /// allocation backtraces (the seed's path).
    case heapOwner = "heap-owner"
    /// Kernel objects (kmalloc-*, a named cache): no heap owner; SLUB's alloc_calls names the
    /// kernel call sites.
    case kernelCallSites = "kernel-call-sites"
    /// User-space anonymous memory: allocation backtraces of the growing process.
    case userSpace = "user-space"
    /// Another kind of memory or cache: the rules table's next step is the way on.
    case rule
    /// Not known yet (no compare).
    case undecided

    /// The route, the cache that decided it, and the heap file to print when the rule names one.
    public struct Decision: Sendable, Equatable {
        public var route: GuideRoute
        public var note: Comparison.CacheNote?
        public var heapPath: String?
        /// The rules table's next step for this path.
        public var ruleNextStep: String?
    }

    public static func decide(_ comparison: Comparison?, rules: LeakRules = .default) -> Decision {
        guard let c = comparison else { return Decision(route: .undecided) }
        if c.heaps.contains(where: { ($0.owners.first?.deltaBytes ?? 0) > 0 }) {
            return Decision(route: .heapOwner, note: c.notes.first, heapPath: c.notes.first.flatMap { heapPath(in: $0.nextStep) },
                            ruleNextStep: c.notes.first?.nextStep)
        }
        switch c.verdict.kind {
        case .slab:
            guard let note = c.notes.first else { return Decision(route: .undecided) }
            if let path = heapPath(in: note.nextStep) {
                return Decision(route: .heapOwner, note: note, heapPath: path, ruleNextStep: note.nextStep)
            }
            if note.nextStep.contains("alloc_calls") || note.nextStep.contains("alloc_traces") {
                return Decision(route: .kernelCallSites, note: note, ruleNextStep: note.nextStep)
            }
            return Decision(route: .rule, note: note, ruleNextStep: note.nextStep)
        case .anon:
            return Decision(route: .userSpace, ruleNextStep: rules.rule(for: .anon)?.nextStep)
        case .none:
            return Decision(route: .undecided, ruleNextStep: rules.rule(for: .none)?.nextStep)
        case .pageCache, .vmalloc, .cma, .unaccounted:
            return Decision(route: .rule, ruleNextStep: rules.rule(for: c.verdict.kind)?.nextStep)
        }
    }

    /// A heap dump file the rule asks to print: an absolute /proc or /sys path with "heap" in it.
    static func heapPath(in text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "`" || $0 == "," || $0 == ";" })
        return words.map(String.init).first { ($0.hasPrefix("/proc/") || $0.hasPrefix("/sys/")) && $0.contains("heap") }
    }
}

extension GuideRoute.Decision {
    init(route: GuideRoute) {
        self.init(route: route, note: nil, heapPath: nil, ruleNextStep: nil)
    }
    init(route: GuideRoute, ruleNextStep: String?) {
        self.init(route: route, note: nil, heapPath: nil, ruleNextStep: ruleNextStep)
    }
}
