import Foundation

/// Reads every kmemleak object in a text (prefixes and `> ` quoting stripped).
public struct KmemleakParser: Sendable {
    private enum State { case outside, header, hexDump, backtrace }

    private var scanner = TraceFrameScanner()
    private var state = State.outside
    private var current: KmemleakObject?
    private var objects: [KmemleakObject] = []

    public init() {}

    public static func objects(in text: some StringProtocol) -> [KmemleakObject] {
        var p = KmemleakParser()
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

    public mutating func finish() -> [KmemleakObject] {
        for m in scanner.finish() { process(m) }
        close()
        let out = objects
        objects = []
        return out
    }

    private mutating func close() {
        if let c = current { objects.append(c) }
        current = nil
        state = .outside
    }

    private mutating func process(_ m: TraceLineMatch) {
        let body = m.line.body
        if let object = Self.objectHeader(body, line: m.lineNumber) {
            close()
            current = object
            state = .header
            return
        }
        guard current != nil else { return }
        if body.hasPrefix("comm \"") {
            Self.readComm(body, into: &current!)
            return
        }
        if body.hasPrefix("hex dump") { state = .hexDump; return }
        if body.hasPrefix("backtrace") {
            state = .backtrace
            if let open = body.range(of: "(crc "), let close = body[open.upperBound...].firstIndex(of: ")") {
                current!.crc = String(body[open.upperBound..<close])
            }
            return
        }
        switch state {
        case .hexDump:
            return // hex rows until "backtrace"
        case .backtrace:
            if !m.frames.isEmpty {
                current!.backtrace += m.frames.filter { $0.kind == .kernel }
                return
            }
            // "[<…>] func file:line [inline]", "[<…>] 0xffffffffc0a4b1a2", "[...]": part of the
            // backtrace without a resolvable frame.
            if body.hasPrefix("[<") || body == "[...]" || body.hasSuffix("[inline]") { return }
            close()
        case .header, .outside:
            if body.isEmpty { return }
            close()
        }
    }

    /// `unreferenced object 0xffff888105a65340 (size 64):`.
    static func objectHeader(_ body: String, line: Int) -> KmemleakObject? {
        guard let r = body.range(of: "unreferenced object ") else { return nil }
        let rest = body[r.upperBound...]
        let addressText = rest.prefix { !$0.isWhitespace }
        var address: UInt64?
        if addressText.hasPrefix("0x") { address = UInt64(addressText.dropFirst(2), radix: 16) }
        guard let s = rest.range(of: "(size ") else { return nil }
        let digits = rest[s.upperBound...].prefix { $0.isNumber }
        guard let size = Int64(digits) else { return nil }
        return KmemleakObject(address: address, size: size, inputLine: line)
    }

    /// `comm "mount", pid 710, jiffies 4302851558 (age 58.239s)`.
    static func readComm(_ body: String, into o: inout KmemleakObject) {
        let afterQuote = body.dropFirst("comm \"".count)
        if let close = afterQuote.range(of: "\", pid ") {
            o.comm = String(afterQuote[..<close.lowerBound])
            let rest = afterQuote[close.upperBound...]
            o.pid = Int(rest.prefix { $0.isNumber })
        }
        if let j = body.range(of: "jiffies ") {
            o.jiffies = UInt64(body[j.upperBound...].prefix { $0.isNumber })
        }
        if let a = body.range(of: "(age ") {
            o.ageSeconds = Double(body[a.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
    }
}
