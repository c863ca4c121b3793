import Foundation

/// Reads every OOM-killer report in a text, line by line (memory: one report at a time).
///
/// A report starts at `<task> invoked oom-killer:` and runs to the next such header or the end.
/// Real reports arrive mangled; what is handled and how:
/// - prefixes (timestamps, syslog/journal, `<4>`, caller ids, vendor tags, `> ` quoting) are
///   stripped per line (`StrippedTraceLine`); soft-wrapped frames are joined (`TraceFrameScanner`);
///   a wrapped header or `CPU:` line is joined with its continuation line;
/// - interleaved output of another CPU/task: when lines carry printk caller ids (`[T648]`) or a
///   syslog source, lines with a different id/source are left out. Without ids, an Oops/BUG/WARNING
///   block (`Internal error`, `Unable to handle kernel`, `BUG:`, `cut here`, a `CPU: … PID:` line
///   naming another pid) is left out up to its `---[ end trace` line. Output of two CPUs mixed
///   line by line without ids cannot be told apart: such frames stay in.
/// - a `Killed process` line printed before the report's Mem-Info/task dump belongs to a previous
///   OOM (the kernel picks and prints the victim last) and is not taken as this report's victim.
public struct OOMReportParser: Sendable {
    enum Section: Sendable { case header, trace, memInfo, slabTable, rest }

    private var scanner = TraceFrameScanner()
    private var current: OOMReport?
    private var section: Section = .header
    private var foreign = false
    private var caller: String?
    private var source: String?
    private var headerText = ""
    private var awaitingHeader = false
    private var awaitingKernel = false
    private var sawCPULine = false
    private var killedFromKillLine = false
    private var memInfoPairsSeen = false
    /// A victim line seen before the report's own dump (see the type's notes).
    private var earlyKilled: OOMKilledProcess?
    private var finished: [OOMReport] = []

    public init() {}

    /// All reports in a text.
    public static func reports(in text: some StringProtocol) -> [OOMReport] {
        var parser = OOMReportParser()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { parser.feed(line) }
        return parser.finish()
    }

    /// Feeds one physical line (without `\n`).
    public mutating func feed(_ line: some StringProtocol) {
        for m in scanner.feed(line) { process(m) }
    }

    /// Feeds one physical line as raw bytes (without `\n`).
    public mutating func feed(bytes: some Collection<UInt8>) {
        for m in scanner.feed(bytes: bytes) { process(m) }
    }

    /// Ends the input; returns every report, in order.
    public mutating func finish() -> [OOMReport] {
        for m in scanner.finish() { process(m) }
        closeCurrent()
        let out = finished
        finished = []
        return out
    }

    /// Reports completed so far (a report completes when the next header arrives); lets a caller
    /// stream a huge log without keeping them all.
    public mutating func takeFinished() -> [OOMReport] {
        let out = finished
        finished = []
        return out
    }

    // MARK: - line processing

    private mutating func process(_ m: TraceLineMatch) {
        let body = m.line.body
        // Most lines of a long log are nothing to an OOM report: a byte search first.
        if TraceBytes.find(m.line.bytes, " invoked oom-killer:") != nil, let header = OOMHeader(body) {
            closeCurrent()
            var report = OOMReport(task: header.task, headerLine: m.lineNumber)
            report.lastLine = m.lastLineNumber
            current = report
            section = .header
            foreign = false
            caller = m.line.caller
            source = m.line.source
            headerText = body
            sawCPULine = false
            awaitingKernel = false
            killedFromKillLine = false
            memInfoPairsSeen = false
            earlyKilled = nil
            apply(header)
            return
        }
        guard current != nil else { return }
        if body.isEmpty { return }
        // A report is printed in one burst; long after its last line the log is about something
        // else (the next header would close it too, but may never come).
        if m.lineNumber - current!.lastLine > Self.maxGap {
            closeCurrent()
            return
        }

        // Another printk stream (caller id or syslog source differs): not ours.
        if let c = caller, let lc = m.line.caller, c != lc { ignore(m); return }
        if let s = source, let ls = m.line.source, s != ls { ignore(m); return }

        // Continuations of a wrapped header / CPU line.
        if awaitingHeader, !m.line.startsRecord {
            let joinBlank = m.line.indent > 0 || !(headerText.last.map(Self.isWordChar) ?? false)
                || !(body.first.map(Self.isWordChar) ?? false)
            headerText += (joinBlank ? " " : "") + body
            if let header = OOMHeader(headerText) { apply(header) }
            current!.lastLine = m.lastLineNumber
            return
        }
        awaitingHeader = false
        if awaitingKernel, !m.line.startsRecord {
            awaitingKernel = false
            // Taint letters may have wrapped too ("G \n        O      5.4.51-xxx #1").
            if let token = body.split(separator: " ").first(where: { $0.first?.isNumber == true }) {
                current!.kernel = String(token)
                current!.lastLine = m.lastLineNumber
                return
            }
        }
        awaitingKernel = false

        if Self.endsForeignBlock(body) {
            if foreign { foreign = false; ignore(m); return }
        }
        if Self.startsForeignBlock(body) { foreign = true }
        if body.hasPrefix("CPU: "), let cpu = OOMCPULine(body) {
            if !sawCPULine, !foreign {
                sawCPULine = true
                current!.pid = cpu.pid
                current!.cpu = cpu.cpu
                current!.kernel = cpu.kernel
                awaitingKernel = cpu.kernel == nil
                current!.lastLine = m.lastLineNumber
                return
            }
            if let ours = current!.pid, cpu.pid != ours { foreign = true }
        }
        if foreign, !Self.clearlyOurs(body) { ignore(m); return }
        foreign = false
        // `lastLine` moves only with lines the report is made of, so a report that is never
        // closed by another header does not stretch to the end of the log.
        switch section {
        case .header, .trace:
            if addFrames(m) { current!.lastLine = m.lastLineNumber; return }
        case .memInfo:
            if Self.readPairs(body, into: &current!.memInfo) {
                memInfoPairsSeen = true
                current!.lastLine = m.lastLineNumber
                return
            }
            // Old kernels print per-cpu lists ("Normal per-cpu:", "CPU 0: hi: 18, …") before the
            // counters; zone lines ("Node 0 …", "DMA free:…kB") end the counters.
            if !memInfoPairsSeen, !Self.endsMemInfo(body) { return }
            section = .rest
        case .slabTable:
            if body.hasPrefix("Name ") { return }
            if let row = Self.slabRow(body) {
                current!.unreclaimableSlab.append(row)
                current!.lastLine = m.lastLineNumber
                return
            }
            section = .rest
        case .rest:
            break
        }

        if body.hasPrefix("Mem-Info:") || body.hasPrefix("Mem-info:") {
            section = .memInfo
            current!.lastLine = m.lastLineNumber
            memInfoPairsSeen = Self.readPairs(String(body.dropFirst("Mem-Info:".count)), into: &current!.memInfo)
            return
        }
        if body.hasPrefix("Unreclaimable slab info:") {
            section = .slabTable
            current!.lastLine = m.lastLineNumber
            return
        }
        if TraceBytes.find(m.line.bytes, " pages ") != nil, let (value, key) = Self.pagesLine(body) {
            current!.memInfo[key] = value
            section = .rest
            current!.lastLine = m.lastLineNumber
            return
        }
        // Task table rows ("[  648]     0   648 …") keep a long table inside the report.
        if body.hasPrefix("["), body.dropFirst().drop(while: { $0 == " " }).first?.isNumber == true,
           body.contains("]") && !body.hasPrefix("[<") {
            current!.lastLine = m.lastLineNumber
            return
        }
        if body.hasPrefix("Tasks state") || body.hasPrefix("[ pid ]") || body.hasPrefix("[  pid  ]")
            || body.hasPrefix("Out of memory and no killable") {
            section = .rest
            current!.lastLine = m.lastLineNumber
            return
        }
        if TraceBytes.find(m.line.bytes, "ill") != nil, let killed = Self.killedProcess(body, line: m.lineNumber) {
            // Printed before this report's dump: a previous OOM's victim.
            if section == .header || section == .trace {
                if earlyKilled == nil { earlyKilled = killed.process }
                return
            }
            if current!.killed == nil || killedFromKillLine {
                current!.killed = killed.process
                killedFromKillLine = !killed.final
            }
            current!.lastLine = m.lastLineNumber
            return
        }
    }

    /// Adds the frames of a call-trace line; false when the line has none.
    private mutating func addFrames(_ m: TraceLineMatch) -> Bool {
        guard m.shape == .armVerbose || m.shape == .armCompact || m.shape == .kernelSymbol else {
            return false
        }
        if var callee = m.armCallee, current!.callTrace.isEmpty {
            // `[<where>]` of the first line is the unwinder's own pc, not a return address.
            callee.isProgramCounter = callee.address != nil
            current!.callTrace.append(callee)
        }
        current!.callTrace += m.frames.filter { $0.kind == .kernel }
        section = .trace
        return true
    }

    private mutating func ignore(_ m: TraceLineMatch) {
        current!.ignoredLines += Array(m.lineNumber...m.lastLineNumber)
    }

    private mutating func apply(_ header: OOMHeader) {
        current!.task = header.task
        current!.gfpMask = header.gfpMask
        current!.gfpFlags = header.gfpFlags
        current!.order = header.order
        current!.oomScoreAdj = header.oomScoreAdj
        awaitingHeader = !header.complete
    }

    private mutating func closeCurrent() {
        guard var report = current else { return }
        // A victim printed straight after the trace counts only when the report has no dump
        // of its own (console loglevel hid it); with a Mem-Info it was a previous OOM's.
        if report.killed == nil, report.memInfo.isEmpty, let early = earlyKilled { report.killed = early }
        report.diagnosis = OOMDiagnosis.diagnose(report)
        finished.append(report)
        current = nil
        awaitingHeader = false
        awaitingKernel = false
    }

    // MARK: - line recognisers

    /// Lines after a report's last line at which it is considered over.
    static let maxGap = 400

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    static let foreignStarts = [
        "Internal error:", "Unable to handle kernel", "BUG: ", "kernel BUG at", "Oops", "general protection fault",
        "------------[ cut here ]------------", "WARNING: ", "Kernel panic", "INFO: task ", "watchdog: BUG",
        "rcu: INFO:", "NMI backtrace",
    ]

    static func startsForeignBlock(_ body: String) -> Bool {
        foreignStarts.contains { body.hasPrefix($0) }
    }

    static func endsForeignBlock(_ body: String) -> Bool {
        body.hasPrefix("---[ end trace") || body.hasPrefix("---[ end Kernel panic")
    }

    /// Lines only an OOM report prints: they end a foreign block that had no end marker.
    static func clearlyOurs(_ body: String) -> Bool {
        body.hasPrefix("Mem-Info:") || body.hasPrefix("Out of memory") || body.hasPrefix("Killed process")
            || body.hasPrefix("oom-kill:") || body.hasPrefix("Tasks state") || body.hasPrefix("Unreclaimable slab info:")
            || body.hasPrefix("Memory cgroup out of memory")
    }

    static func endsMemInfo(_ body: String) -> Bool {
        body.hasPrefix("Node ") || body.contains(" free:") || body.hasPrefix("lowmem_reserve")
            || clearlyOurs(body) || body.hasPrefix("Unreclaimable")
    }

    /// `key:123 key2:456 …` — every token must be such a pair (zone lines carry `kB` and words).
    /// Keys are lowercased (2.6 kernels print `Active_anon`).
    static func readPairs(_ text: String, into dict: inout [String: Int64]) -> Bool {
        let tokens = text.split(separator: " ")
        guard !tokens.isEmpty else { return false }
        var pairs: [(String, Int64)] = []
        for t in tokens {
            guard let colon = t.firstIndex(of: ":") else { return false }
            let key = t[..<colon]
            guard !key.isEmpty, key.allSatisfy({ isWordChar($0) }), let v = Int64(t[t.index(after: colon)...]) else { return false }
            pairs.append((String(key), v))
        }
        for (k, v) in pairs { dict[k.lowercased()] = v }
        return true
    }

    /// `242688 pages RAM`, `5326 pages reserved`, `0 pages HighMem/MovableOnly`.
    static func pagesLine(_ body: String) -> (Int64, String)? {
        let parts = body.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, parts[1] == "pages", let n = Int64(parts[0]) else { return nil }
        switch parts[2] {
        case "RAM": return (n, "pages_ram")
        case "reserved": return (n, "pages_reserved")
        case "HighMem/MovableOnly", "HighMem": return (n, "pages_highmem")
        case "cma reserved": return (n, "pages_cma_reserved")
        default: return nil
        }
    }

    /// `kmalloc-4096          1234KB       5678KB`.
    static func slabRow(_ body: String) -> OOMSlabUsage? {
        let parts = body.split(separator: " ")
        guard parts.count == 3, parts[1].hasSuffix("KB"), parts[2].hasSuffix("KB"),
              let used = Int64(parts[1].dropLast(2)), let total = Int64(parts[2].dropLast(2)) else { return nil }
        return OOMSlabUsage(cache: String(parts[0]), usedKiB: used, totalKiB: total)
    }

    /// The victim lines. `final` is false for the older `Kill process … score …` line, which the
    /// following `Killed process` line (possibly a child) supersedes.
    static func killedProcess(_ body: String, line: Int) -> (process: OOMKilledProcess, final: Bool)? {
        for (marker, final) in [("Killed process ", true), ("Kill process ", false)] {
            guard let r = body.range(of: marker) else { continue }
            let prefix = body[..<r.lowerBound]
            guard prefix.isEmpty || prefix.hasSuffix("Out of memory: ") || prefix.hasSuffix("out of memory: ")
                    || prefix.hasSuffix("Memory cgroup out of memory: ") else { continue }
            let rest = body[r.upperBound...]
            guard let space = rest.firstIndex(of: " "), let pid = Int(rest[..<space]) else { continue }
            let after = rest[rest.index(after: space)...]
            guard after.first == "(" else { continue }
            // comm can hold parentheses ("(resolved)"): it ends at the last ')' before the details.
            var end = after.endIndex
            for stop in [" total-vm:", " score ", ", "] {
                if let s = after.range(of: stop) { end = min(end, s.lowerBound) }
            }
            let span = after[..<end]
            guard let close = span.lastIndex(of: ")") else { continue }
            let comm = String(span[span.index(after: span.startIndex)..<close])
            return (OOMKilledProcess(pid: pid, comm: comm, inputLine: line), final)
        }
        if body.hasPrefix("oom-kill:"), let task = field(body, "task="), let pid = field(body, "pid=").flatMap({ Int($0) }) {
            return (OOMKilledProcess(pid: pid, comm: task, inputLine: line), false)
        }
        return nil
    }

    /// Value of `key=` up to the next `,` in a `oom-kill:a=b,c=d` line.
    static func field(_ body: String, _ key: String) -> String? {
        var search = body.startIndex
        while let r = body.range(of: key, range: search..<body.endIndex) {
            search = r.upperBound
            if r.lowerBound != body.startIndex {
                let before = body[body.index(before: r.lowerBound)]
                guard before == "," || before == ":" else { continue }
            }
            let rest = body[r.upperBound...]
            return String(rest.prefix { $0 != "," })
        }
        return nil
    }
}

/// `<task> invoked oom-killer: gfp_mask=0x…(FLAGS), [nodemask=…,] order=N, oom_score_adj=N`
/// (and pre-4.8 `gfp_mask=0x…, order=N, oom_adj=N, oom_score_adj=N`).
struct OOMHeader {
    var task: String
    var gfpMask: String?
    var gfpFlags: [String] = []
    var order: Int?
    var oomScoreAdj: Int?
    /// False when the line ends before `oom_score_adj=` (a wrap cut it).
    var complete: Bool

    init?(_ body: String) {
        guard let r = body.range(of: " invoked oom-killer:") else { return nil }
        task = String(body[..<r.lowerBound])
        let rest = body[r.upperBound...]
        if let g = rest.range(of: "gfp_mask=") {
            let value = rest[g.upperBound...]
            let hex = value.prefix { $0.isHexDigit || $0 == "x" || $0 == "X" }
            gfpMask = hex.isEmpty ? nil : String(hex)
            let afterHex = value[hex.endIndex...]
            if afterHex.first == "(", let close = afterHex.firstIndex(of: ")") {
                gfpFlags = afterHex[afterHex.index(after: afterHex.startIndex)..<close]
                    .split(separator: "|").map { String($0).traceTrimmed() }.filter { !$0.isEmpty }
            }
        }
        order = Self.int(after: "order=", in: rest)
        oomScoreAdj = Self.int(after: "oom_score_adj=", in: rest)
        // Complete once the last field is there: oom_score_adj (2.6.36+), else the older
        // oom_adj / oomkilladj, and the line does not end on a separator.
        let trimmed = rest.traceTrimmed()
        complete = order != nil && (oomScoreAdj != nil || rest.contains("oom_adj=") || rest.contains("oomkilladj="))
            && !trimmed.hasSuffix(",") && !trimmed.hasSuffix("=")
    }

    static func int(after key: String, in text: Substring) -> Int? {
        var search = text.startIndex
        while let r = text.range(of: key, range: search..<text.endIndex) {
            search = r.upperBound
            // "order=" must not match inside another key.
            if r.lowerBound != text.startIndex {
                let before = text[text.index(before: r.lowerBound)]
                if before.isLetter || before == "_" { continue }
            }
            let digits = text[r.upperBound...].prefix { $0 == "-" || $0.isNumber }
            return Int(digits)
        }
        return nil
    }
}

/// `CPU: 0 PID: 648 Comm: venc0_P0_MAIN Tainted: P O 4.9.84 #3`,
/// `CPU: 10 UID: 1000 PID: 20957 Comm: systemd Not tainted 6.17.3-arch2-1-lily #1 PREEMPT(full)`.
struct OOMCPULine {
    var cpu: Int?
    var pid: Int
    var comm: String?
    var kernel: String?

    init?(_ body: String) {
        guard body.hasPrefix("CPU: "), let p = body.range(of: " PID: ") else { return nil }
        cpu = Int(body.dropFirst(5).prefix { $0.isNumber })
        guard let pid = Int(body[p.upperBound...].prefix { $0.isNumber }) else { return nil }
        self.pid = pid
        if let c = body.range(of: " Comm: ") {
            let rest = body[c.upperBound...]
            let end = rest.range(of: " Tainted:")?.lowerBound ?? rest.range(of: " Not tainted")?.lowerBound ?? rest.endIndex
            comm = String(rest[..<end]).traceTrimmed()
        }
        let tail: Substring?
        if let t = body.range(of: " Not tainted ") {
            tail = body[t.upperBound...]
        } else if let t = body.range(of: " Tainted: ") {
            tail = body[t.upperBound...]
        } else {
            tail = nil
        }
        // Taint flags are single letters (`G`, `P O`, `G         C O`); the release is the first
        // token starting with a digit.
        kernel = tail.flatMap { $0.split(separator: " ").first { $0.first?.isNumber == true } }.map(String.init)
    }
}
