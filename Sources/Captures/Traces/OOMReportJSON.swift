/// `slabhound oom --json`: `{"reports": [...]}`. Every documented key is always present (null
/// when unknown) so scripts can rely on the shape:
/// `{"task", "pid", "kernel", "gfp_mask", "gfp_flags", "order", "oom_score_adj", "call_trace":
/// [{"function", "offset", "size", "module", "reliable", "input_line", "address", "printed",
/// "is_program_counter"}], "mem_info": {...}, "unreclaimable_slab": [{"cache", "used_kib",
/// "total_kib"}], "killed": {"pid", "comm"} | null}` plus `cpu`, `header_line`, `last_line`,
/// `what_failed` ({"kind", "summary", "caller"}) and `next_step`. Offsets, sizes and addresses
/// are hex strings ("0x176"). With symbols, each call-trace entry also carries `resolved`,
/// `location` ({"function", "file", "line", "inlined_by": [...]}) | null and `reason`.
public struct OOMReportsJSON: Encodable, Sendable {
    public var reports: [OOMReportJSON]

    public init(reports: [OOMReportJSON]) { self.reports = reports }
}

/// Where one call-trace entry resolved (filled in by the symbolizing command).
public struct OOMFrameResolution: Sendable, Equatable {
    public struct Level: Sendable, Equatable, Encodable {
        public var function: String
        public var file: String?
        public var line: Int?
        public init(function: String, file: String?, line: Int?) {
            self.function = function
            self.file = file
            self.line = line
        }
    }

    /// Innermost first: `levels[0]` is the location, the rest are the functions it is inlined into.
    public var levels: [Level]
    public var reason: String?
    public var warnings: [String]

    public init(levels: [Level], reason: String? = nil, warnings: [String] = []) {
        self.levels = levels
        self.reason = reason
        self.warnings = warnings
    }
}

public struct OOMReportJSON: Encodable, Sendable {
    public var report: OOMReport
    /// Per call-trace index; nil when the command did not symbolize.
    public var resolutions: [OOMFrameResolution?]?

    public init(report: OOMReport, resolutions: [OOMFrameResolution?]? = nil) {
        self.report = report
        self.resolutions = resolutions
    }

    enum Key: String, CodingKey {
        case task, pid, cpu, kernel, gfp_mask, gfp_flags, order, oom_score_adj, call_trace, mem_info
        case unreclaimable_slab, killed, header_line, last_line, what_failed, next_step
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(report.task, forKey: .task)
        try c.encode(report.pid, forKey: .pid)
        try c.encode(report.cpu, forKey: .cpu)
        try c.encode(report.kernel, forKey: .kernel)
        try c.encode(report.gfpMask, forKey: .gfp_mask)
        try c.encode(report.gfpFlags, forKey: .gfp_flags)
        try c.encode(report.order, forKey: .order)
        try c.encode(report.oomScoreAdj, forKey: .oom_score_adj)
        let entries = report.callTrace.enumerated().map { i, frame in
            Entry(frame: frame, resolution: resolutions.map { i < $0.count ? $0[i] : nil }, symbolized: resolutions != nil)
        }
        try c.encode(entries, forKey: .call_trace)
        try c.encode(report.memInfo, forKey: .mem_info)
        try c.encode(report.unreclaimableSlab.map(Slab.init), forKey: .unreclaimable_slab)
        try c.encode(report.killed.map(Killed.init), forKey: .killed)
        try c.encode(report.headerLine, forKey: .header_line)
        try c.encode(report.lastLine, forKey: .last_line)
        try c.encode(Failure(report.diagnosis), forKey: .what_failed)
        try c.encode(report.diagnosis.nextStep, forKey: .next_step)
    }

    static func hex(_ v: UInt64?) -> String? { v.map { "0x" + String($0, radix: 16) } }

    struct Entry: Encodable {
        var frame: TraceFrame
        var resolution: OOMFrameResolution??
        var symbolized: Bool

        enum Key: String, CodingKey {
            case function, offset, size, module, reliable, input_line, address, printed, is_program_counter
            case resolved, location, reason
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(frame.function, forKey: .function)
            try c.encode(OOMReportJSON.hex(frame.offset), forKey: .offset)
            try c.encode(OOMReportJSON.hex(frame.size), forKey: .size)
            try c.encode(frame.module, forKey: .module)
            try c.encode(frame.reliable, forKey: .reliable)
            try c.encode(frame.inputLine, forKey: .input_line)
            try c.encode(OOMReportJSON.hex(frame.address), forKey: .address)
            try c.encode(frame.printed, forKey: .printed)
            try c.encode(frame.isProgramCounter, forKey: .is_program_counter)
            guard symbolized else { return }
            let r = resolution ?? nil
            let resolved = r.map { !$0.levels.isEmpty } ?? false
            try c.encode(resolved, forKey: .resolved)
            try c.encode(resolved ? Location(levels: r!.levels) : nil, forKey: .location)
            try c.encode(resolved ? nil : (r?.reason ?? "not symbolized"), forKey: .reason)
        }
    }

    struct Location: Encodable {
        var function: String
        var file: String?
        var line: Int?
        var inlined_by: [OOMFrameResolution.Level]
        init(levels: [OOMFrameResolution.Level]) {
            function = levels[0].function
            file = levels[0].file
            line = levels[0].line
            inlined_by = Array(levels.dropFirst())
        }
        enum Key: String, CodingKey { case function, file, line, inlined_by }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(function, forKey: .function)
            try c.encode(file, forKey: .file)
            try c.encode(line, forKey: .line)
            try c.encode(inlined_by, forKey: .inlined_by)
        }
    }

    struct Slab: Encodable {
        var cache: String
        var used_kib: Int64
        var total_kib: Int64
        init(_ s: OOMSlabUsage) {
            cache = s.cache
            used_kib = s.usedKiB
            total_kib = s.totalKiB
        }
    }

    struct Killed: Encodable {
        var pid: Int
        var comm: String
        var input_line: Int
        init(_ k: OOMKilledProcess) {
            pid = k.pid
            comm = k.comm
            input_line = k.inputLine
        }
    }

    struct Failure: Encodable {
        var kind: String
        var summary: String
        var caller: String?
        init(_ d: OOMDiagnosis) {
            kind = d.kind.rawValue
            summary = d.summary
            caller = d.caller
        }
        enum Key: String, CodingKey { case kind, summary, caller }
        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(summary, forKey: .summary)
            try c.encode(caller, forKey: .caller)
        }
    }
}
