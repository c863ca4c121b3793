// Byte-level helpers for the snapshot parsers. The console log is read as bytes, never as one
// String: a 100 MB log must not be decoded, and non-UTF-8 bytes must not stop the parse.

enum SnapshotBytes {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    @inline(__always) static func hexValue(_ c: UInt8) -> Int? {
        if c &- 0x30 < 10 { return Int(c &- 0x30) }
        let l = c | 0x20
        if l &- 0x61 < 6 { return Int(l &- 0x61) + 10 }
        return nil
    }

    /// Unsigned decimal over the whole range; nil when any byte is not a digit or it overflows.
    @inline(__always)
    static func decimal(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
        if start >= end || end - start > 18 { return nil }
        var v: Int64 = 0
        var i = start
        while i < end {
            let d = p[i] &- 0x30
            if d >= 10 { return nil }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return v
    }

    /// Hex without `0x` (the vendor's MMA dump) or with it; nil on any other byte or overflow.
    static func hex(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        var s = start
        if end - s > 2, p[s] == 0x30, p[s + 1] | 0x20 == 0x78 { s += 2 }
        if s >= end || end - s > 16 { return nil }
        var v: UInt64 = 0
        var i = s
        while i < end {
            guard let d = hexValue(p[i]) else { return nil }
            v = v << 4 | UInt64(d)
            i += 1
        }
        return v
    }

    /// A decimal with an optional fraction (`12.345678`, `350735.47`).
    static func seconds(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        var whole: Int64 = 0
        var digits = 0
        while i < end, isDigit(p[i]) {
            if digits > 15 { return nil }
            whole = whole * 10 + Int64(p[i] - 0x30); i += 1; digits += 1
        }
        if digits == 0 { return nil }
        if i == end { return Double(whole) }
        guard p[i] == 0x2E else { return nil }
        i += 1
        var frac = 0.0
        var scale = 0.1
        var fracDigits = 0
        while i < end, isDigit(p[i]) {
            frac += Double(p[i] - 0x30) * scale; scale /= 10; i += 1; fracDigits += 1
        }
        return i == end && fracDigits > 0 ? Double(whole) + frac : nil
    }

    static func equals(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - start == n else { return false }
        return memcmpBytes(p + start, literal.utf8Start, n)
    }

    static func hasPrefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - start >= n else { return false }
        return memcmpBytes(p + start, literal.utf8Start, n)
    }

    @inline(__always)
    static func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }

    /// Lossy: invalid UTF-8 becomes U+FFFD instead of failing.
    static func string(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
    }

    /// True when the bytes equal `s`'s UTF-8; lets parsers reuse a String seen in the previous
    /// sample instead of allocating a new one for every line of every sample.
    static func equals(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, _ s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard u.count == end - start else { return false }
            return u.count == 0 || memcmpBytes(p + start, u.baseAddress!, u.count)
        }
    }
}
