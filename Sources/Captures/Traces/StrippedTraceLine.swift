/// One input line with everything a console, a log daemon or a mail client put around the
/// kernel's (or program's) own text taken off: `\r`, NULs and other control bytes, ANSI escapes,
/// `> ` quoting (nested), syslog/journal prefixes, `<4>` printk levels, `[ 12.345678]`
/// timestamps, printk caller ids (`[  T123]`, `[C1]`) and common vendor tags.
///
/// What was stripped is kept as data: the OOM parser uses it to tell one printk stream from an
/// interleaved other one, and the wrap joiner uses it to tell a new record from a continuation.
public struct StrippedTraceLine: Sendable, Equatable {
    /// The text after the prefixes, with leading and trailing blanks removed.
    public var body: String
    /// Number of blanks that preceded `body` after the prefixes (arm64/x86 trace entries are
    /// indented; a wrapped continuation usually is not).
    public var indent: Int
    /// `[ 1234.567890]` in seconds, when printed.
    public var timestamp: Double?
    /// The printk caller id (`T123`, `C1`) or a vendor's CPU/task tag, when printed.
    public var caller: String?
    /// syslog/journal origin as printed: `host kernel`.
    public var source: String?
    /// `<4>` printk level, when printed.
    public var level: Int?
    /// How many `>` quoting levels were removed.
    public var quoteDepth: Int
    /// True when the line carried a printk-record prefix (timestamp, level or syslog header):
    /// such a line starts a new record and is never the continuation of a wrapped one.
    public var startsRecord: Bool { timestamp != nil || level != nil || source != nil }

    /// The body's UTF-8 bytes (capped at `TraceBytes.maxLineBytes`).
    var bytes: [UInt8]

    public init(_ line: some StringProtocol) {
        self.init(cleanBytes: Self.removeControls(line.utf8.prefix(TraceBytes.maxLineBytes)))
    }

    /// From raw bytes as read (invalid UTF-8 is kept in `bytes` and decoded lossily in `body`).
    public init(bytes: some Collection<UInt8>) {
        self.init(cleanBytes: Self.removeControls(bytes.prefix(TraceBytes.maxLineBytes)))
    }

    init(cleanBytes raw: [UInt8]) {
        var i = 0
        var quoteDepth = 0
        var timestamp: Double?
        var caller: String?
        var source: String?
        var level: Int?
        // Quoting is outermost: mail quotes a whole console line, prefixes and all.
        while true {
            let j = TraceBytes.skipSpaces(raw, from: i)
            guard j < raw.count, raw[j] == 0x3E else { break } // '>'
            // ">] (show_stack…)" is the rest of a wrapped "[<c000fcc7>]", not a quote.
            if j + 1 < raw.count, [0x5D, 0x29, 0x7D, 0x3A, 0x3D, 0x2C, 0x3B, 0x2E].contains(raw[j + 1]) { break }
            quoteDepth += 1
            i = j + 1
            if i < raw.count, raw[i] == 0x20 { i += 1 }
        }
        // The remaining prefixes come in many orders (`<4>[ 1.2]`, `Nov 26 … kernel: [ 1.2]`,
        // `[ 1.2][  T12]`, `[ 1.2] host kernel:`); take whichever matches until none does.
        var rounds = 0
        while rounds < 12 {
            rounds += 1
            let j = TraceBytes.skipSpaces(raw, from: i)
            if let (value, end) = Self.level(raw, j) {
                level = value; i = end; continue
            }
            if let (value, end) = Self.timestampPrefix(raw, j) {
                timestamp = value; i = end; continue
            }
            if let (value, end) = Self.callerTag(raw, j) {
                caller = value; i = end; continue
            }
            if let (value, end) = Self.syslogHeader(raw, j) {
                source = value; i = end; continue
            }
            if let (value, end) = Self.kernelTag(raw, j) {
                source = source ?? value; i = end; continue
            }
            if let end = Self.dmesgFacility(raw, j) {
                i = end; continue
            }
            break
        }
        let start = TraceBytes.skipSpaces(raw, from: i)
        let end = TraceBytes.trimmedEnd(raw, raw.count, floor: start)
        self.bytes = Array(raw[start..<end])
        self.body = String(decoding: self.bytes, as: UTF8.self)
        self.indent = start - i
        self.timestamp = timestamp
        self.caller = caller
        self.source = source
        self.level = level
        self.quoteDepth = quoteDepth
    }

    /// Drops `\r`, NUL and other C0 controls (tab becomes a blank) and ANSI escape sequences.
    static func removeControls(_ input: some Collection<UInt8>) -> [UInt8] {
        let b = Array(input)
        // Most lines have nothing to remove.
        if !b.contains(where: { $0 < 0x20 || $0 == 0x7F }) { return b }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x1B { // ESC
                i += 1
                guard i < b.count else { break }
                if b[i] == 0x5B { // CSI: parameters, then one final byte 0x40–0x7E
                    i += 1
                    while i < b.count, !(b[i] >= 0x40 && b[i] <= 0x7E) { i += 1 }
                    i += 1
                } else if b[i] == 0x5D { // OSC: up to BEL or ESC \
                    i += 1
                    while i < b.count, b[i] != 0x07, b[i] != 0x1B { i += 1 }
                    if i < b.count, b[i] == 0x1B { i += 1 }
                    i += 1
                } else {
                    i += 1
                }
                continue
            }
            if c == 0x09 { out.append(0x20) } else if c >= 0x20, c != 0x7F { out.append(c) }
            i += 1
        }
        return out
    }

    // MARK: prefix recognisers (each anchored at `i`, returning the index after the prefix)

    /// `<4>` (also `<12>`, syslog PRI values).
    static func level(_ b: [UInt8], _ i: Int) -> (Int, Int)? {
        guard i < b.count, b[i] == 0x3C else { return nil }
        let d = TraceBytes.decimal(b, from: i + 1)
        guard d.end > i + 1, d.end - i - 1 <= 3, d.end < b.count, b[d.end] == 0x3E, let v = d.value else { return nil }
        return (Int(v), d.end + 1)
    }

    /// `[ 1234.567890]`; also `dmesg -H`'s relative `[  +0.002367]` and a vendor's
    /// `[2-3219.1870]` (cpu-seconds, Samsung). The value is the seconds part.
    static func timestampPrefix(_ b: [UInt8], _ i: Int) -> (Double, Int)? {
        guard i < b.count, b[i] == 0x5B else { return nil }
        var j = TraceBytes.skipSpaces(b, from: i + 1)
        if j < b.count, b[j] == 0x2B { j += 1 } // '+'
        var whole = TraceBytes.decimal(b, from: j)
        if whole.end > j, whole.end < b.count, b[whole.end] == 0x2D { // "2-3219.1870"
            j = whole.end + 1
            whole = TraceBytes.decimal(b, from: j)
        }
        guard whole.end > j, whole.end < b.count, b[whole.end] == 0x2E else { return nil }
        let frac = TraceBytes.decimal(b, from: whole.end + 1)
        guard frac.end > whole.end + 1, frac.end < b.count, b[frac.end] == 0x5D else { return nil }
        let text = TraceBytes.string(b, j..<frac.end)
        return (Double(text) ?? 0, frac.end + 1)
    }

    /// printk caller ids `[  T123]`, `[C1]`; vendor CPU/task tags `[CPU1]`, `[0:  venc0_P0_MAIN:  648]`,
    /// MediaTek `(0)[648:venc0_P0_MAIN]`. Bracketed text without a `:` is left alone, so the
    /// OOM task table's `[  648]` rows survive.
    static func callerTag(_ b: [UInt8], _ i: Int) -> (String, Int)? {
        var j = i
        // MediaTek: "(cpu)" immediately followed by "[pid:comm]".
        if j < b.count, b[j] == 0x28 {
            let d = TraceBytes.decimal(b, from: j + 1)
            guard d.end > j + 1, d.end + 1 < b.count, b[d.end] == 0x29, b[d.end + 1] == 0x5B else { return nil }
            j = d.end + 1
        }
        guard j < b.count, b[j] == 0x5B, j + 1 < b.count, b[j + 1] != 0x3C else { return nil }
        var k = j + 1
        while k < b.count, b[k] != 0x5D, k - j <= 64 { k += 1 }
        guard k < b.count, b[k] == 0x5D else { return nil }
        let inner = Array(b[(j + 1)..<k])
        let s = TraceBytes.skipSpaces(inner, from: 0)
        let content = Array(inner[s...])
        guard !content.isEmpty else { return nil }
        let text = String(decoding: content, as: UTF8.self).traceTrimmed()
        // T123 / C1 (CONFIG_PRINTK_CALLER), CPU1 / CPU 1
        if (content[0] == 0x54 || content[0] == 0x43), content.count > 1,
           content[1...].allSatisfy(TraceBytes.isDigit) {
            return (text, k + 1)
        }
        if text.hasPrefix("CPU"), text.dropFirst(3).traceTrimmed().allSatisfy({ $0.isASCII && $0.isNumber }),
           text.count > 3 {
            return (text, k + 1)
        }
        // Vendor tags with a colon: "0:  comm:  648", "648:comm". Not a dmesg -T date (has letters
        // and ':' too, but also spaces between words) — that is accepted as well, harmlessly.
        if content.contains(0x3A), b[i] == 0x28 || TraceBytes.isDigit(content[0]) || Self.isDate(text) {
            return (text, k + 1)
        }
        return nil
    }

    /// `dmesg -T`: `Thu Nov 26 12:00:01 2026`.
    static func isDate(_ s: String) -> Bool {
        let parts = s.split(separator: " ")
        guard parts.count >= 4, parts[0].count == 3, parts[1].count == 3 else { return false }
        return parts.contains { $0.filter { $0 == ":" }.count == 2 }
    }

    static let months: [String] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// syslog / journal headers: `Nov 26 12:00:01 host kernel: `, `Nov 26 12:00:01.123456 host
    /// kernel: `, ISO `2026-11-26T12:00:01.1+00:00 host kernel: `, busybox `… host user.warn kernel: `.
    static func syslogHeader(_ b: [UInt8], _ i: Int) -> (String, Int)? {
        var j = i
        // OpenWrt logread: "Sat Jan 27 00:14:32 2024 kern.warn kernel: ".
        var weekday = false
        if j + 8 <= b.count, TraceBytes.isWord3(b, at: j, in: weekdays3), b[j + 3] == 0x20,
           TraceBytes.isWord3(b, at: j + 4, in: months3) {
            j += 4
            weekday = true
        }
        if j + 3 < b.count, TraceBytes.isWord3(b, at: j, in: months3), b[j + 3] == 0x20 {
            j = TraceBytes.skipSpaces(b, from: j + 3)
            let day = TraceBytes.decimal(b, from: j)
            guard day.end > j, day.end - j <= 2, day.end < b.count, b[day.end] == 0x20 else { return nil }
            j = day.end + 1
            guard let t = clock(b, j) else { return nil }
            j = t
            if weekday, j + 5 <= b.count, b[j] == 0x20 {
                let year = TraceBytes.decimal(b, from: j + 1)
                if year.end - j - 1 == 4 { j = year.end }
            }
        } else if !weekday, j + 19 <= b.count, TraceBytes.isDigit(b[j]), b[j + 4] == 0x2D, b[j + 7] == 0x2D,
                  b[j + 10] == 0x54 || b[j + 10] == 0x20 {
            guard let t = clock(b, j + 11) else { return nil }
            j = t
            while j < b.count, !TraceBytes.isSpace(b[j]) { j += 1 } // fraction and zone
        } else {
            return nil
        }
        guard j < b.count, b[j] == 0x20 else { return nil }
        // [host] [facility.level] tag: — the tag is the first token ending in ':'.
        var tokens: [Range<Int>] = []
        var k = j
        for _ in 0..<3 {
            k = TraceBytes.skipSpaces(b, from: k)
            let s = k
            while k < b.count, !TraceBytes.isSpace(b[k]) { k += 1 }
            guard k > s else { return nil }
            tokens.append(s..<k)
            if b[k - 1] == 0x3A { break }
        }
        guard let last = tokens.last, b[last.upperBound - 1] == 0x3A else { return nil }
        let tag = TraceBytes.string(b, last.lowerBound..<(last.upperBound - 1))
        let host = tokens.count >= 2 ? TraceBytes.string(b, tokens[0]) + " " : ""
        var end = last.upperBound
        // "kernel: : [ts]" (some relays print an empty second tag).
        if end + 2 <= b.count, b[end] == 0x20, b[end + 1] == 0x3A { end += 2 }
        return (host + tag, end)
    }

    static let weekdays: [String] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let weekdays3 = weekdays.map(word3)
    static let months3 = months.map(word3)
    static func word3(_ s: String) -> (UInt8, UInt8, UInt8) {
        let u = Array(s.utf8)
        return (u[0], u[1], u[2])
    }

    /// `HH:MM:SS` with an optional fraction; returns the index after it.
    static func clock(_ b: [UInt8], _ i: Int) -> Int? {
        guard i + 8 <= b.count, TraceBytes.isDigit(b[i]), TraceBytes.isDigit(b[i + 1]), b[i + 2] == 0x3A,
              TraceBytes.isDigit(b[i + 3]), TraceBytes.isDigit(b[i + 4]), b[i + 5] == 0x3A,
              TraceBytes.isDigit(b[i + 6]), TraceBytes.isDigit(b[i + 7]) else { return nil }
        var j = i + 8
        if j < b.count, b[j] == 0x2E { j = TraceBytes.decimal(b, from: j + 1).end }
        return j
    }

    /// `kernel: ` or `host kernel: ` without a date (journal `-o short-monotonic` after its
    /// timestamp, Android logcat-style relays).
    static func kernelTag(_ b: [UInt8], _ i: Int) -> (String, Int)? {
        if TraceBytes.has(b, "kernel: ", at: i) { return ("kernel", i + 8) }
        var k = i
        while k < b.count, !TraceBytes.isSpace(b[k]), b[k] != 0x5B, b[k] != 0x28 { k += 1 }
        guard k > i, k - i <= 64 else { return nil }
        let h = TraceBytes.skipSpaces(b, from: k)
        guard h == k + 1, TraceBytes.has(b, "kernel: ", at: h) else { return nil }
        // The word before is a host, or (in mangled mail) the clock of a syslog header whose
        // date went to the previous line: either way the stream is "kernel".
        return ("kernel", h + 8)
    }

    static let facilities: [StaticString] = ["kern", "user", "daemon", "syslog", "auth", "authpriv", "local0", "local7"]

    /// `dmesg -x`: `kern  :warn  : `.
    static func dmesgFacility(_ b: [UInt8], _ i: Int) -> Int? {
        guard facilities.contains(where: { TraceBytes.has(b, $0, at: i) }) else { return nil }
        var k = i
        while k < b.count, TraceBytes.isLetter(b[k]) || TraceBytes.isDigit(b[k]) { k += 1 }
        k = TraceBytes.skipSpaces(b, from: k)
        guard k < b.count, b[k] == 0x3A else { return nil }
        k += 1
        let s = k
        while k < b.count, TraceBytes.isLetter(b[k]) { k += 1 }
        guard k > s else { return nil }
        k = TraceBytes.skipSpaces(b, from: k)
        guard k < b.count, b[k] == 0x3A else { return nil }
        return k + 1
    }
}

extension StringProtocol {
    func traceTrimmed() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
