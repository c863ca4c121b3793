// Byte-level helpers shared by the trace parsers. The parsers work on UTF-8 bytes rather than
// regexes so that their cost stays linear on hostile input (megabyte lines, long digit runs).

enum TraceBytes {
    /// Lines longer than this cannot be a printk record (the kernel caps a record near 1 KiB) nor
    /// a realistic backtrace_symbols() line; only this many bytes of a line are looked at.
    static let maxLineBytes = 64 * 1024
    /// Longest identifier a backward scan will walk over, so repeated `+0x` cannot go quadratic.
    static let maxIdentifierBytes = 1024

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Characters of a kernel or ELF symbol name: `___slab_alloc.constprop.12`, `_Z17mid_md_VDF_Configi`,
    /// `$x`. Excludes `:` so `RIP: 0010:func` and `pc : func` split cleanly.
    static func isSymbolChar(_ c: UInt8) -> Bool {
        isDigit(c) || isLetter(c) || c == 0x5F || c == 0x2E || c == 0x24
    }

    /// Module names in `[mod]`: `mi_sys`, `nf-conntrack`, `snd_hda_codec`.
    static func isModuleChar(_ c: UInt8) -> Bool {
        isDigit(c) || isLetter(c) || c == 0x5F || c == 0x2D
    }

    static func hexValue(_ c: UInt8) -> UInt64 {
        if isDigit(c) { return UInt64(c - 0x30) }
        return UInt64((c | 0x20) - 0x61 + 10)
    }

    /// Reads hex digits from `i`. Returns the value (nil when it does not fit 64 bits) and the
    /// index after the last digit; `end == i` means no digit.
    static func hex(_ b: [UInt8], from i: Int) -> (value: UInt64?, end: Int) {
        var j = i
        var value: UInt64 = 0
        var overflow = false
        while j < b.count, isHexDigit(b[j]) {
            if value > (UInt64.max >> 4) { overflow = true } else { value = value << 4 | hexValue(b[j]) }
            j += 1
        }
        return (overflow ? nil : value, j)
    }

    /// Reads decimal digits from `i` (value nil on overflow).
    static func decimal(_ b: [UInt8], from i: Int) -> (value: UInt64?, end: Int) {
        var j = i
        var value: UInt64 = 0
        var overflow = false
        while j < b.count, isDigit(b[j]) {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(b[j] - 0x30))
            if o1 || o2 { overflow = true } else { value = s }
            j += 1
        }
        return (overflow ? nil : value, j)
    }

    /// `0x` followed by at least one hex digit at `i`.
    static func prefixedHex(_ b: [UInt8], from i: Int) -> (value: UInt64?, end: Int)? {
        guard i + 2 < b.count + 0, i + 1 < b.count, b[i] == 0x30, b[i + 1] | 0x20 == 0x78 else { return nil }
        let h = hex(b, from: i + 2)
        guard h.end > i + 2 else { return nil }
        return h
    }

    static func skipSpaces(_ b: [UInt8], from i: Int) -> Int {
        var j = i
        while j < b.count, isSpace(b[j]) { j += 1 }
        return j
    }

    static func has(_ b: [UInt8], _ literal: StaticString, at i: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= 0, i + n <= b.count else { return false }
        return literal.withUTF8Buffer { needle in
            var k = 0
            while k < n, b[i + k] == needle[k] { k += 1 }
            return k == n
        }
    }

    /// Index of the first occurrence of `literal` at or after `from`, or nil; with `ignoringCase`,
    /// ASCII letters match either case. (Byte loop on the literal's UTF-8 view: no allocation per
    /// call, it runs on every line of a log.)
    static func find(_ b: [UInt8], _ literal: StaticString, from: Int = 0, ignoringCase: Bool = false) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard n > 0, b.count >= n else { return nil }
        let fold: (UInt8) -> UInt8 = ignoringCase ? { isLetter($0) ? $0 | 0x20 : $0 } : { $0 }
        return literal.withUTF8Buffer { needle -> Int? in
            let first = fold(needle[0])
            var i = max(0, from)
            let last = b.count - n
            while i <= last {
                if fold(b[i]) == first {
                    var k = 1
                    while k < n, fold(b[i + k]) == fold(needle[k]) { k += 1 }
                    if k == n { return i }
                }
                i += 1
            }
            return nil
        }
    }

    /// The three bytes at `i` spell one of `words` (month and weekday names).
    static func isWord3(_ b: [UInt8], at i: Int, in words: [(UInt8, UInt8, UInt8)]) -> Bool {
        guard i + 3 <= b.count else { return false }
        let w = (b[i], b[i + 1], b[i + 2])
        return words.contains { $0 == w }
    }

    static func string(_ b: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: b[range], as: UTF8.self)
    }

    static func trimmedEnd(_ b: [UInt8], _ end: Int, floor: Int = 0) -> Int {
        var e = end
        while e > floor, isSpace(b[e - 1]) { e -= 1 }
        return e
    }
}
