/// `sym+0xoff/0xsize [mod buildid] (P)` as the kernel's `%pS`/`%pSb` (and the arm64 unwinder)
/// print it, read from a byte position. Internal building block of `TraceLineParser`.
struct KernelSymbolToken: Equatable {
    var start: Int
    var end: Int
    var function: String
    var offset: UInt64?
    var size: UInt64?
    var hasOffset: Bool
    var hasSize: Bool
    var module: String?
    var buildID: String?
    var marker: String?

    enum Read: Equatable {
        case token(KernelSymbolToken)
        /// The line ended inside the token (a soft wrap cut it).
        case incomplete
        case none
    }

    /// Reads a token starting exactly at `i`. With `requireSize`, `sym+0xoff` without `/0xsize`
    /// is not a token (kernel frames always print the size; requiring it keeps prose out).
    /// With `allowBare`, a name without `+off` is a token too (the ARM `(f [mod])` callee).
    static func read(_ b: [UInt8], at i: Int, requireSize: Bool, allowBare: Bool = false) -> Read {
        var j = i
        let identLimit = min(b.count, i + TraceBytes.maxIdentifierBytes)
        while j < identLimit, TraceBytes.isSymbolChar(b[j]) { j += 1 }
        guard j > i else { return .none }
        var token = KernelSymbolToken(start: i, end: j, function: TraceBytes.string(b, i..<j), offset: nil,
                                      size: nil, hasOffset: false, hasSize: false)
        if j == b.count { return allowBare ? .token(token) : .incomplete }
        if b[j] == 0x2B { // '+'
            // "+", "+0", "+0x" then the end of the line: cut by a wrap.
            if j + 1 == b.count || (j + 2 == b.count && b[j + 1] == 0x30)
                || (j + 3 == b.count && b[j + 1] == 0x30 && b[j + 2] | 0x20 == 0x78) { return .incomplete }
            guard let off = TraceBytes.prefixedHex(b, from: j + 1) else { return .none }
            token.offset = off.value
            token.hasOffset = true
            j = off.end
            token.end = j
            if j == b.count { return requireSize ? .incomplete : .token(token) }
            if b[j] == 0x2F { // '/'
                if j + 1 == b.count || (j + 2 == b.count && b[j + 1] == 0x30)
                    || (j + 3 == b.count && b[j + 1] == 0x30 && b[j + 2] | 0x20 == 0x78) { return .incomplete }
                guard let size = TraceBytes.prefixedHex(b, from: j + 1) else { return requireSize ? .none : .token(token) }
                token.size = size.value
                token.hasSize = true
                j = size.end
                token.end = j
            } else if requireSize {
                return .none
            }
        } else if !allowBare {
            return .none
        }
        // Optional " [mod]" / " [mod buildid]".
        var k = TraceBytes.skipSpaces(b, from: j)
        if k < b.count, b[k] == 0x5B {
            var m = k + 1
            while m < b.count, TraceBytes.isModuleChar(b[m]) { m += 1 }
            if m == b.count { return .incomplete }
            var named = false
            if m > k + 1 {
                let module = TraceBytes.string(b, (k + 1)..<m)
                var build: String?
                var close = m
                if b[m] == 0x20 {
                    let h = TraceBytes.hex(b, from: m + 1)
                    if h.end == b.count { return .incomplete }
                    // Build ids are SHA-1s (40 hex digits); a short run is not one.
                    if h.end - m - 1 >= 8 { build = TraceBytes.string(b, (m + 1)..<h.end); close = h.end }
                }
                if close < b.count, b[close] == 0x5D {
                    token.module = module
                    token.buildID = build
                    j = close + 1
                    token.end = j
                    named = true
                }
            }
            if !named, let close = Self.malformedModuleEnd(b, from: k + 1) {
                // `[../../x]`: not a kernel module name, but the frame is not vmlinux's either.
                // Kept as printed, so it resolves to "no symbol file ../../x.ko" (symbol files
                // are looked up by file name, never by path) instead of a wrong vmlinux lookup.
                token.module = TraceBytes.string(b, (k + 1)..<close)
                j = close + 1
                token.end = j
            }
        }
        // Optional arm64 unwind-source marker " (P)", " (LF)".
        k = TraceBytes.skipSpaces(b, from: j)
        if k < b.count, b[k] == 0x28 {
            var m = k + 1
            while m < b.count, m - k <= 4, b[m] >= 0x41, b[m] <= 0x5A { m += 1 }
            if m > k + 1, m < b.count, b[m] == 0x29 {
                token.marker = TraceBytes.string(b, (k + 1)..<m)
                token.end = m + 1
            }
        }
        return .token(token)
    }

    /// The `]` closing a bracketed word that is not a module name (`[../../x]`): printable,
    /// no blank, no `<` (which starts an address), a letter or digit in it (`[...]`, which
    /// kmemleak prints for an elided stack, is none), at most 64 bytes. Nil when there is none.
    static func malformedModuleEnd(_ b: [UInt8], from start: Int) -> Int? {
        var m = start
        var named = false
        while m < b.count, m - start <= 64, b[m] > 0x20, b[m] < 0x7F, b[m] != 0x5D, b[m] != 0x3C, b[m] != 0x5B {
            if TraceBytes.isLetter(b[m]) || TraceBytes.isDigit(b[m]) { named = true }
            m += 1
        }
        guard named, m > start, m < b.count, b[m] == 0x5D else { return nil }
        return m
    }

    /// Start of the symbol name that ends just before `plus` (the index of `+`).
    static func identifierStart(_ b: [UInt8], endingAt plus: Int) -> Int {
        var s = plus
        let floor = max(0, plus - TraceBytes.maxIdentifierBytes)
        while s > floor, TraceBytes.isSymbolChar(b[s - 1]) { s -= 1 }
        return s
    }
}
