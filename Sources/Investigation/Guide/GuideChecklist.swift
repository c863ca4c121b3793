/// The method as a checklist over what the session has seen: step 0 leak decided? 1 which
/// memory? 2 which caches? 3 which heap owner? 4 which allocation sites, located to source?
/// A pure function of `GuideEvidence`: the same evidence always gives the same checklist.
public struct GuideChecklist: Sendable, Equatable, Encodable {
    public var steps: [GuideStep]
    public var route: GuideRoute
    /// The first pending step (nil when every step is done or not applicable).
    public var current: Int? { Self.firstPending(steps)?.number }
    /// One line: where the investigation stands and what to do next.
    public var summary: String

    public static let questions = [
        "Is it a leak?",
        "Which memory?",
        "Which caches?",
        "Which heap owner?",
        "Which allocation sites, located to source?",
    ]

    /// What to do on the board to get a capture at all.
    public static let captureAction = "print the capture loop for the board with `slabhound collector --interval 5 > collect.sh`, run `sh collect.sh` on the board while reproducing, save the console log, then `capture LOG`"

    public static func evaluate(_ e: GuideEvidence, rules: LeakRules = .default) -> GuideChecklist {
        let decision = GuideRoute.decide(e.comparison, rules: rules)
        var steps = [step0(e), step1(e, rules: rules), step2(e, decision), step3(e, decision), step4(e, decision)]
        // No leak: nothing grew between the dumps, or the trend (which weighs the noise that a
        // first-vs-last compare cannot) found memory stable — and no heap owner or site says
        // otherwise. The later questions do not arise.
        let heapGrew = e.comparison?.heaps.contains { ($0.owners.first?.deltaBytes ?? 0) > 0 } ?? false
        let stable = e.trend?.verdict == .stable
        let nothingGrew = (e.comparison?.verdict.kind == Comparison.Kind.none && decision.route == .undecided || stable)
            && !heapGrew && e.allocationSites.isEmpty && e.callSites.isEmpty && e.trend?.verdict != .leaking
        var answered: String?
        if nothingGrew {
            let why = stable ? "step 0 found memory stable" : "no memory grew between the first and last dump (step 1)"
            for i in 2...4 {
                steps[i] = GuideStep(number: i, question: questions[i], status: .notApplicable, evidence: why, next: nil)
            }
            let deciding = stable ? steps[0] : steps[1]
            answered = "no leak found: " + deciding.evidence + (deciding.next.map { " — next: " + $0 } ?? "")
        }
        return GuideChecklist(steps: steps, route: decision.route, summary: summarize(steps, answered: answered))
    }

    static func firstPending(_ steps: [GuideStep]) -> GuideStep? {
        steps.first { $0.status == .pending }
    }

    enum CodingKeys: String, CodingKey {
        case steps, route, current, summary
    }

    public init(steps: [GuideStep], route: GuideRoute, summary: String) {
        self.steps = steps
        self.route = route
        self.summary = summary
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(steps, forKey: .steps)
        try c.encode(route, forKey: .route)
        try c.encode(current, forKey: .current)  // null when nothing is pending
        try c.encode(summary, forKey: .summary)
    }

    // MARK: Steps

    static func step0(_ e: GuideEvidence) -> GuideStep {
        let q = questions[0]
        // An OOM kill says memory ran out once, not that it leaks: it is told, not decisive.
        let oom = e.oomReports.first.map { "; OOM killer: " + $0 + (e.oomReports.count > 1 ? " (+\(e.oomReports.count - 1) more)" : "") } ?? ""
        guard let trend = e.trend else {
            let seen = e.samples == 0 ? "no samples in the session" : "\(e.samples) sample\(e.samples == 1 ? "" : "s") in the session: too few for a trend"
            return GuideStep(number: 0, question: q, status: .pending, evidence: seen + oom, next: captureAction)
        }
        let source = e.trendSource.map { " (\($0))" } ?? ""
        let line = firstSentence(trend.summary) + source + oom
        switch trend.verdict {
        case .leaking:
            return GuideStep(number: 0, question: q, status: .done, evidence: line, next: nil)
        case .stable:
            return GuideStep(number: 0, question: q, status: .done, evidence: "stable: " + line,
                             next: "no leak in this capture: reproduce longer (the stress loop for hours, `slabhound collector --interval 5`) and `capture LOG --append`, or compare a start and a later dump anyway with `compare`")
        case .inconclusive:
            return GuideStep(number: 0, question: q, status: .pending, evidence: "inconclusive: " + line,
                             next: "capture more samples while reproducing (`slabhound collector --interval 5`, let it run until memory runs low), then `capture LOG --append`")
        }
    }

    static func step1(_ e: GuideEvidence, rules: LeakRules) -> GuideStep {
        let q = questions[1]
        guard let c = e.comparison, e.meminfoSamples >= 2 || c.verdict.kind != .none else {
            let have = e.meminfoSamples == 0 ? "no /proc/meminfo dump in the session" : "one /proc/meminfo dump in the session: nothing to compare it with"
            return GuideStep(number: 1, question: q, status: .pending, evidence: have,
                             next: "capture /proc/meminfo at the start and again when leaking (`slabhound collector` prints it every sample), then `capture LOG --append`; `compare` shows the diff")
        }
        let kind = c.verdict.kind
        let evidence = "\(kind.rawValue): " + firstClause(c.verdict.summary)
        if kind == .none {
            return GuideStep(number: 1, question: q, status: .done, evidence: evidence,
                             next: rules.rule(for: .none)?.nextStep)
        }
        return GuideStep(number: 1, question: q, status: .done, evidence: evidence, next: nil)
    }

    static func step2(_ e: GuideEvidence, _ d: GuideRoute.Decision) -> GuideStep {
        let q = questions[2]
        if let c = e.comparison, c.verdict.kind != .slab, c.verdict.kind != .none, d.route != .heapOwner {
            return GuideStep(number: 2, question: q, status: .notApplicable,
                             evidence: "the memory is \(c.verdict.kind.rawValue), not slab", next: nil)
        }
        guard let c = e.comparison, e.slabinfoSamples >= 2, !c.slabinfo.isEmpty else {
            let have = e.slabinfoSamples == 0 ? "no /proc/slabinfo dump in the session" : "one /proc/slabinfo dump in the session: nothing to compare it with"
            return GuideStep(number: 2, question: q, status: .pending, evidence: have,
                             next: "capture /proc/slabinfo (as root) at the start and when leaking (`slabhound collector` prints it every sample), then `capture LOG --append`")
        }
        guard let top = c.notes.first else {
            return GuideStep(number: 2, question: q, status: .done, evidence: "no cache grew between the first and last slabinfo", next: nil)
        }
        let grown = c.notes.prefix(3).map { n -> String in
            let delta = c.slabinfo.first { $0.cache == n.cache }.map { " +\($0.deltaKiB) KiB" } ?? ""
            return n.cache + delta
        }.joined(separator: ", ")
        return GuideStep(number: 2, question: q, status: .done,
                         evidence: "\(grown) — \(top.cache): \(top.meaning)", next: nil)
    }

    static func step3(_ e: GuideEvidence, _ d: GuideRoute.Decision) -> GuideStep {
        let q = questions[3]
        if let c = e.comparison, let heap = c.heaps.first(where: { ($0.owners.first?.deltaBytes ?? 0) > 0 }),
           let o = heap.owners.first {
            return GuideStep(number: 3, question: q, status: .done,
                             evidence: "\(heap.heap): \(o.owner) \(o.beforeChunks) → \(o.afterChunks) chunks (+\(o.deltaBytes) bytes)", next: nil)
        }
        switch d.route {
        case .heapOwner:
            let path = d.heapPath ?? "the vendor's heap dump"
            let flag = d.heapPath.map { "`slabhound collector --heap \($0)`" } ?? "`slabhound collector --heap PATH`"
            let evidence = e.heapSamples == 0 ? "\(d.note.map { "\($0.cache) objects" } ?? "the grown caches") stand for heap blocks; no heap dump in the session"
                : "\(e.heapSamples) heap dump\(e.heapSamples == 1 ? "" : "s") in the session, no owner gained chunks"
            return GuideStep(number: 3, question: q, status: .pending, evidence: evidence,
                             next: "print \(path) at the start and after reproducing once (\(flag)), then `capture LOG --append`")
        case .kernelCallSites:
            return GuideStep(number: 3, question: q, status: .notApplicable,
                             evidence: "\(d.note?.cache ?? "the cache") holds the kernel's own objects: no heap owner, the call sites come from alloc_calls", next: nil)
        case .userSpace, .rule:
            return GuideStep(number: 3, question: q, status: .notApplicable,
                             evidence: "no vendor heap behind this memory" + (d.note.map { " (\($0.cache))" } ?? ""), next: nil)
        case .undecided:
            if e.heapSamples > 0 {
                return GuideStep(number: 3, question: q, status: .pending, evidence: "\(e.heapSamples) heap dump\(e.heapSamples == 1 ? "" : "s") in the session, no owner gained chunks",
                                 next: "print the heap dump again after reproducing the leak and `capture LOG --append`")
            }
            return GuideStep(number: 3, question: q, status: .pending, evidence: "waits for steps 1–2 (which memory, which caches)", next: nil)
        }
    }

    static func step4(_ e: GuideEvidence, _ d: GuideRoute.Decision) -> GuideStep {
        let q = questions[4]
        switch d.route {
        case .kernelCallSites:
            return kernelSites(e, d)
        case .heapOwner, .userSpace:
            return userSites(e, d)
        case .rule:
            if !e.allocationSites.isEmpty || !e.callSites.isEmpty { return e.callSites.isEmpty ? userSites(e, d) : kernelSites(e, d) }
            let what = d.note.map { "\($0.cache): \($0.meaning)" } ?? "the rules table's advice for this memory"
            return GuideStep(number: 4, question: q, status: .pending, evidence: what, next: d.ruleNextStep)
        case .undecided:
            if !e.callSites.isEmpty { return kernelSites(e, d) }
            if !e.allocationSites.isEmpty { return userSites(e, d) }
            return GuideStep(number: 4, question: q, status: .pending, evidence: "waits for steps 1–3", next: nil)
        }
    }

    static func userSites(_ e: GuideEvidence, _ d: GuideRoute.Decision) -> GuideStep {
        let q = questions[4]
        let sites = e.allocationSites
        guard !sites.isEmpty else {
            let owner = e.comparison?.heaps.first { ($0.owners.first?.deltaBytes ?? 0) > 0 }
            if d.route == .heapOwner, owner == nil {
                return GuideStep(number: 4, question: q, status: .pending, evidence: "waits for step 3: whose heap allocations to trace",
                                 next: nil)
            }
            // compare's next step names the owner and where to print the backtrace.
            let next = d.route == .heapOwner
                ? (e.comparison?.nextStep ?? "print a backtrace (glibc backtrace() + backtrace_symbols_fd()) in the allocation function") + " Then `capture LOG --append` (or paste the blocks)."
                : "print a backtrace (glibc backtrace() + backtrace_symbols_fd()) where the growing process allocates, reproduce, then `capture LOG --append` (or paste the blocks)"
            return GuideStep(number: 4, question: q, status: .pending, evidence: "no allocation backtraces in the session", next: next)
        }
        return located(sites, total: e.backtraces + e.kmemleakObjects, noun: "backtrace", e: e)
    }

    static func kernelSites(_ e: GuideEvidence, _ d: GuideRoute.Decision) -> GuideStep {
        let q = questions[4]
        let cache = d.note?.cache
        if !e.callSites.isEmpty {
            // The grown cache's sites first; others are shown only when it has none.
            let own = e.callSites.filter { cache == nil || $0.cache == cache }
            return located(own.isEmpty ? e.callSites : own, total: nil, noun: "alloc_calls site", e: e)
        }
        if !e.allocationSites.isEmpty, e.kmemleakObjects > 0 {
            return located(e.allocationSites, total: e.kmemleakObjects, noun: "kmemleak object", e: e)
        }
        let name = cache ?? "CACHE"
        let dumps = cache.flatMap { e.allocCallsDumps[$0] } ?? e.allocCallsDumps.values.max() ?? 0
        if dumps == 1 {
            return GuideStep(number: 4, question: q, status: .pending, evidence: "alloc_calls of \(name) read once: no growth to see yet",
                             next: "read /sys/kernel/slab/\(name)/alloc_calls again after the leak grew (`slabhound collector --slab-calls \(name)` prints it every sample), then `capture LOG --append`")
        }
        if dumps >= 2 {
            return GuideStep(number: 4, question: q, status: .pending, evidence: "alloc_calls of \(name) read \(dumps) times: no call site grew",
                             next: "reproduce the leak between two alloc_calls dumps (`slabhound collector --slab-calls \(name)`), or look for other caches")
        }
        let rule = d.ruleNextStep ?? "boot with slub_debug=U,\(name) and read /sys/kernel/slab/\(name)/alloc_calls twice (`slabhound collector --slab-calls \(name)`)"
        return GuideStep(number: 4, question: q, status: .pending, evidence: "no alloc_calls of \(name) in the session",
                         next: rule + "; then `capture LOG --append`")
    }

    static func located(_ sites: [GuideSite], total: Int?, noun: String, e: GuideEvidence) -> GuideStep {
        let q = questions[4]
        let found = sites.filter(\.isLocated)
        let counted = total.map { "\($0) \(noun)\($0 == 1 ? "" : "s"), " } ?? ""
        if let top = found.first {
            let more = found.count > 1 ? " + \(found.count - 1) more located site\(found.count == 2 ? "" : "s")" : ""
            return GuideStep(number: 4, question: q, status: .done,
                             evidence: "\(counted)\(sites.count) site\(sites.count == 1 ? "" : "s"): \(top.text)\(more)",
                             next: top.source == .allocCalls
                                ? "read the source there (`locate --context 5 '\(locatable(top.site))'`); after a fix, alloc_calls of \(top.cache ?? "the cache") should stop growing"
                                : "read the source there (`locate --context 5 '\(locatable(top.site))'`); `blame --alloc … --free …` ranks the sites by what was never freed")
        }
        let top = sites[0]
        let evidence = "\(counted)\(sites.count) site\(sites.count == 1 ? "" : "s"), none located yet: \(top.text)"
        let modules = Array(Set(sites.prefix(5).map { module(of: $0) })).sorted().joined(separator: ", ")
        let next: String
        if e.symbolPaths.isEmpty {
            next = "load the unstripped files (\(modules)) with `load DIR...` (`slabhound --symbols DIR`), then `guide` locates the sites (or `blame --symbols DIR LOG`)"
        } else if !e.sitesLookedUp {
            next = "symbols are loaded: run `guide` to locate the sites with gdb"
        } else {
            next = "the loaded symbols did not locate them: `load` the unstripped build of \(modules) (same build id as on the board; `load` lists build ids), then `guide`"
        }
        return GuideStep(number: 4, question: q, status: .pending, evidence: evidence, next: next)
    }

    /// `/lib/libMD_LINUX.so+0x5ac` → `libMD_LINUX.so`; `f+0x1/0x2 [mi_venc]` → `mi_venc.ko`; else vmlinux.
    static func module(of site: GuideSite) -> String {
        let s = site.site
        if s.hasPrefix("/") {
            // `/lib/libX.so+0x5ac`, `/lib/libX.so [0xb6c05794]`, `/lib/libX.so(f+0x1)`
            let path = s.prefix { $0 != " " && $0 != "+" && $0 != "(" }
            return String(path.split(separator: "/").last ?? path)
        }
        if let open = s.lastIndex(of: "["), s.hasSuffix("]"), !s[s.index(after: open)...].hasPrefix("0x") {
            return String(s[s.index(after: open)..<s.index(before: s.endIndex)]) + ".ko"
        }
        return site.source == .printTrace ? s : "vmlinux"
    }

    /// `/lib/libMD_LINUX.so+0x548` → `libMD_LINUX.so+0x548`, as `locate` takes it.
    static func locatable(_ site: String) -> String {
        guard site.hasPrefix("/"), let plus = site.lastIndex(of: "+") else { return site }
        let path = site[..<plus]
        return String(path.split(separator: "/").last ?? path) + site[plus...]
    }

    // MARK: Text

    static func firstSentence(_ s: String) -> String {
        guard let r = s.range(of: ". ") else { return s.hasSuffix(".") ? String(s.dropLast()) : s }
        return String(s[..<r.lowerBound])
    }

    static func firstClause(_ s: String) -> String {
        let head = s.split(separator: ";", maxSplits: 1).first.map(String.init) ?? s
        return head.hasSuffix(".") ? String(head.dropLast()) : head
    }

    /// `answered` replaces the last step's evidence when nothing is pending (the no-leak line).
    static func summarize(_ steps: [GuideStep], answered: String? = nil) -> String {
        let marks = steps.map { s -> String in
            switch s.status {
            case .done: return "\(s.number)✓"
            case .pending: return "\(s.number)…"
            case .notApplicable: return "\(s.number)–"
            }
        }.joined(separator: " ")
        guard let step = firstPending(steps) else {
            return "guide [\(marks)] " + (answered ?? "all steps answered: " + (steps.last?.evidence ?? ""))
        }
        let next = step.next ?? step.evidence
        return "guide [\(marks)] step \(step.number), \(step.question.lowercased()) next: \(next)"
    }
}
