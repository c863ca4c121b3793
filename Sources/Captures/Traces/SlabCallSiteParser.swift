import Foundation

/// Reads call-site dumps out of any text. A dump starts at a line naming its file
/// (`/sys/kernel/slab/kmalloc-64/alloc_calls`, `/sys/kernel/debug/slab/kmalloc-64/alloc_traces`,
/// as a `cat` command or a collector marker) — or anywhere, without a cache name.
public struct SlabCallSiteParser: Sendable {
    /// One dump: the sites printed under one header.
    public struct Dump: Sendable, Equatable {
        public var cache: String?
        public var kind: SlabCallSite.Kind
        public var headerLine: Int?
        public var sites: [SlabCallSite]
    }

    private var dumps: [Dump] = []
    private var lineNumber = 0
    private var scanner = TraceFrameScanner()

    public init() {}

    public static func dumps(in text: some StringProtocol) -> [Dump] {
        var p = SlabCallSiteParser()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { p.feed(line) }
        return p.finish()
    }

    public mutating func feed(_ line: some StringProtocol) {
        for m in scanner.feed(line) { process(m) }
    }

    /// Feeds one physical line as raw bytes (without `\n`).
    public mutating func feed(bytes: some Collection<UInt8>) {
        for m in scanner.feed(bytes: bytes) { process(m) }
    }

    public mutating func finish() -> [Dump] {
        for m in scanner.finish() { process(m) }
        let out = dumps.filter { !$0.sites.isEmpty || $0.headerLine != nil }
        dumps = []
        return out
    }

    private mutating func process(_ m: TraceLineMatch) {
        let body = m.line.body
        if let (cache, kind) = Self.header(body) {
            dumps.append(Dump(cache: cache, kind: kind, headerLine: m.lineNumber, sites: []))
            return
        }
        if var site = Self.site(m) {
            if dumps.isEmpty { dumps.append(Dump(cache: nil, kind: .unknown, headerLine: nil, sites: [])) }
            site.cache = dumps[dumps.count - 1].cache
            site.kind = dumps[dumps.count - 1].kind
            dumps[dumps.count - 1].sites.append(site)
            return
        }
        // A stack line of the last site: one kernel frame, nothing else on the line.
        if let frame = m.frames.first, m.frames.count == 1, m.shape == .kernelSymbol, frame.kind == .kernel,
           body == frame.printed || body.hasSuffix(frame.printed) && body.count - frame.printed.count <= 2,
           var dump = dumps.last, var last = dump.sites.last {
            last.stack.append(frame)
            dump.sites[dump.sites.count - 1] = last
            dumps[dumps.count - 1] = dump
        }
    }

    /// `…/sys/kernel/slab/<cache>/alloc_calls` and friends.
    static func header(_ body: String) -> (String, SlabCallSite.Kind)? {
        for (root, files) in [("/sys/kernel/debug/slab/", ["alloc_traces", "free_traces"]),
                              ("/sys/kernel/slab/", ["alloc_calls", "free_calls"])] {
            guard let start = body.range(of: root) else { continue }
            let rest = body[start.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { continue }
            let cache = String(rest[..<slash])
            let file = rest[rest.index(after: slash)...].prefix { !$0.isWhitespace && $0 != ":" && $0 != "'" && $0 != "\"" }
            guard !cache.isEmpty, let i = files.firstIndex(of: String(file)) else { continue }
            return (cache, i == 0 ? .alloc : .free)
        }
        return nil
    }

    /// `   12 func+0x1c/0x40 [mod] age=… pid=… cpus=…`; `age=` must be there (it always is).
    static func site(_ m: TraceLineMatch) -> SlabCallSite? {
        let body = m.line.body
        let tokens = body.split(separator: " ", omittingEmptySubsequences: true)
        guard tokens.count >= 3, let count = Int(tokens[0]), tokens.contains(where: { $0.hasPrefix("age=") }) else { return nil }
        let afterCount: Substring = Substring(body).drop(while: { $0 == " " }).drop(while: { $0.isNumber })
            .drop(while: { $0 == " " })
        var site: TraceFrame?
        var printed: String
        if afterCount.hasPrefix("<not-available>") {
            printed = "<not-available>"
        } else {
            guard let frame = m.frames.first, afterCount.hasPrefix(frame.printed) else { return nil }
            site = frame
            printed = frame.printed
        }
        var s = SlabCallSite(cache: nil, kind: .unknown, count: count, site: site, printed: printed, inputLine: m.lineNumber)
        for t in tokens.dropFirst(2) {
            guard let eq = t.firstIndex(of: "=") else { continue }
            let key = t[..<eq]
            let value = t[t.index(after: eq)...]
            switch key {
            case "age":
                let parts = value.split(separator: "/").map { Int64($0) }
                s.ageMin = parts.first ?? nil
                s.ageAvg = parts.count == 3 ? parts[1] : s.ageMin
                s.ageMax = parts.count == 3 ? parts[2] : s.ageMin
            case "pid":
                let parts = value.split(separator: "-").map { Int($0) }
                s.pidMin = parts.first ?? nil
                s.pidMax = parts.count == 2 ? parts[1] : s.pidMin
            case "cpus": s.cpus = String(value)
            case "nodes": s.nodes = String(value)
            case "waste":
                let parts = value.split(separator: "/").map { Int64($0) }
                s.wasteTotal = parts.first ?? nil
                s.wasteEach = parts.count == 2 ? parts[1] : nil
            default: break
            }
        }
        return s
    }
}
