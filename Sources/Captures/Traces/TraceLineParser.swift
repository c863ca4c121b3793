/// Finds stack frames in one line of text a board, a log daemon or a mail client printed.
///
/// Recognised shapes (after `StrippedTraceLine` took the prefixes off):
/// - ARM ≤ 5.18: `[<c0011521>] (unwind_backtrace) from [<c000fcc7>] (show_stack+0xb/0xc)` — the
///   frame is the `from` part (`show_stack+0xb/0xc`, address 0xc000fcc7); the callee `f` has no
///   offset and is returned separately as `armCallee`.
/// - ARM 5.19+: ` unwind_backtrace from show_stack+0x10/0x14`, ` foo [mod] from bar+0x1c/0x40 [mod]`.
/// - x86/arm64/riscv call-trace entries ` func+0xoff/0xsize [mod]`, `? ` marks an unreliable
///   frame, older x86 `[<ffffffff8114c3d5>] ? func+…`, build ids `[mod 0123abcd…]`, arm64 `(P)`.
/// - register lines: `pc : f+…`, `RIP: 0010:f+…`, `EIP: f+…`, `PC is at f+…`, `epc : f+…`,
///   `WARNING: … at file:line f+…` are program counters (`isProgramCounter`); `lr : f+…`,
///   `LR is at f+…`, `ra : f+…` are return addresses: the link register holds the address after
///   a call, so it is looked up at the call like any other return address. (In a leaf function
///   that never saved LR the value can be stale; the kernel cannot tell either.)
/// - glibc `backtrace_symbols()`: `path(sym+0xoff) [0xaddr]`, `path(+0xoff) [0xaddr]`,
///   old libc `path [0xaddr]`, bare `[0xaddr]`.
///
/// Old ARM `Function entered at [<a>] from [<b>]` (no kallsyms) is ignored: nothing to resolve
/// it against but vmlinux addresses, which `symbolize` can take from `address` some day.
public enum TraceLineParser {
    /// The frames on `line`.
    public static func frames(in line: some StringProtocol, lineNumber: Int) -> [TraceFrame] {
        parse(line, lineNumber: lineNumber).frames
    }

    /// Everything found on `line`: frames, the ARM callee, the stripped text, whether it ends cut off.
    public static func parse(_ line: some StringProtocol, lineNumber: Int) -> TraceLineMatch {
        parse(StrippedTraceLine(line), lineNumber: lineNumber)
    }

    /// Everything found on a line given as raw bytes.
    public static func parse(bytes: some Collection<UInt8>, lineNumber: Int) -> TraceLineMatch {
        parse(StrippedTraceLine(bytes: bytes), lineNumber: lineNumber)
    }

    /// Every frame of a whole text, with soft-wrapped frames joined (see `TraceFrameScanner`).
    public static func frames(inText text: some StringProtocol) -> [TraceFrame] {
        var scanner = TraceFrameScanner()
        var out: [TraceFrame] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for m in scanner.feed(line) { out += m.frames }
        }
        for m in scanner.finish() { out += m.frames }
        return out
    }

    static func parse(_ stripped: StrippedTraceLine, lineNumber: Int) -> TraceLineMatch {
        var m = parseShapes(stripped, lineNumber: lineNumber)
        m.endsOpen = !m.isDangling && endsOpen(m)
        return m
    }

    /// See `TraceLineMatch.endsOpen`.
    static func endsOpen(_ m: TraceLineMatch) -> Bool {
        let b = m.line.bytes
        guard !b.isEmpty else { return false }
        if b == [0x3F] { return true } // "?"
        if m.frames.isEmpty {
            // A lone name, or "name [mod]": the callee of an ARM 5.19+ line cut before " from".
            var e = b.count
            if b.last == 0x5D, let open = b.lastIndex(of: 0x5B), open > 0, b[open - 1] == 0x20 { e = open - 1 }
            return e > 0 && b[..<e].allSatisfy(TraceBytes.isSymbolChar) && b[..<e].contains { TraceBytes.isLetter($0) || $0 == 0x5F }
        }
        guard m.shape == .kernelSymbol || m.shape == .armCompact, let last = m.frames.last, last.module == nil,
              last.unwindMarker == nil else { return false }
        return m.line.body.hasSuffix(last.printed)
    }

    static func parseShapes(_ stripped: StrippedTraceLine, lineNumber: Int) -> TraceLineMatch {
        let b = stripped.bytes
        var match = TraceLineMatch(lineNumber: lineNumber, line: stripped)
        guard !b.isEmpty else { return match }
        // Fast path for the bulk of a log: every shape needs '+', '[' or '(', except a line cut
        // after " from" or a lone path (old libc's frame cut before its address).
        if !b.contains(where: { $0 == 0x2B || $0 == 0x5B || $0 == 0x28 }),
           !(b.count >= 4 && TraceBytes.has(b, "from", at: b.count - 4)), !b.contains(0x2F) {
            return match
        }

        switch armVerbose(b, lineNumber) {
        case .found(let frame, let callee):
            match.shape = .armVerbose
            match.frames = frame.map { [$0] } ?? []
            match.armCallee = callee
            return match
        case .incomplete:
            match.isDangling = true
            return match
        case .none:
            break
        }
        switch armCompact(b, lineNumber) {
        case .found(let frame, let callee):
            match.shape = .armCompact
            match.frames = frame.map { [$0] } ?? []
            match.armCallee = callee
            return match
        case .incomplete:
            match.isDangling = true
            return match
        case .none:
            break
        }
        switch user(b, lineNumber) {
        case .found(let frame):
            match.shape = .userBacktrace
            match.frames = [frame]
            return match
        case .incomplete:
            match.isDangling = true
            return match
        case .none:
            break
        }
        let (frames, dangling) = kernelSymbols(b, lineNumber)
        if !frames.isEmpty {
            match.shape = registerKind(b) == nil ? .kernelSymbol : .kernelRegister
            match.frames = frames
        }
        match.isDangling = dangling
        return match
    }

    // MARK: ARM ≤ 5.18: [<a>] (f [mod]) from [<b>] (g+off/size [mod])

    enum ArmResult {
        case found(TraceFrame?, TraceFrame)
        case incomplete
        case none
    }

    static func armVerbose(_ b: [UInt8], _ line: Int) -> ArmResult {
        // A wrap can leave the line's `[<where>]` on the previous line: `(f) from [<b>] (g+off/size)`.
        if b.first == 0x28 {
            let r = armVerbose(b, at: 0, line)
            if case .none = r {} else { return r }
        }
        var search = 0
        while let at = TraceBytes.find(b, "[<", from: search) {
            search = at + 2
            let r = armVerbose(b, at: at, line)
            if case .none = r { continue }
            return r
        }
        return .none
    }

    /// `[<hex>]` at `i`: the address and the index after `]`; `.incomplete` when the line ends inside.
    static func bracketAddress(_ b: [UInt8], at i: Int) -> (UInt64?, Int)?? {
        if i == b.count - 1, b[i] == 0x5B { return nil } // "[" cut
        guard TraceBytes.has(b, "[<", at: i) else { return .some(nil) }
        let h = TraceBytes.hex(b, from: i + 2)
        if h.end == b.count { return nil } // cut
        guard h.end > i + 2, TraceBytes.has(b, ">]", at: h.end) else {
            if h.end + 1 == b.count, b[h.end] == 0x3E { return nil }
            return .some(nil)
        }
        return .some((h.value, h.end + 2))
    }

    static func armVerbose(_ b: [UInt8], at i: Int, _ line: Int) -> ArmResult {
        var calleeAddress: UInt64?
        var afterWhere = i
        if b[i] != 0x28 { // "(f) from …" continues a line whose "[<where>]" came before
            guard let whereAddr = bracketAddress(b, at: i) else { return .incomplete } // "[<c00" cut
            guard let (address, after) = whereAddr else { return .none }
            calleeAddress = address
            afterWhere = after
        }
        var j = TraceBytes.skipSpaces(b, from: afterWhere)
        if j == b.count { return .incomplete } // "[<c0011521>]" alone: the rest is on the next line
        guard b[j] == 0x28 else { return .none } // '('
        let calleeStart = j + 1
        while j < b.count, b[j] != 0x29 { j += 1 }
        if j == b.count { return .incomplete }
        let calleeText = Array(b[calleeStart..<j])
        guard case .token(let calleeToken) = KernelSymbolToken.read(calleeText, at: TraceBytes.skipSpaces(calleeText, from: 0),
                                                                   requireSize: false, allowBare: true) else { return .none }
        j = TraceBytes.skipSpaces(b, from: j + 1)
        if j == b.count { return .incomplete }
        if b.count - j < 4, Array("from".utf8).starts(with: b[j...]) { return .incomplete }
        guard TraceBytes.has(b, "from", at: j) else { return .none }
        j = TraceBytes.skipSpaces(b, from: j + 4)
        if j == b.count { return .incomplete }
        guard let fromAddr = bracketAddress(b, at: j) else { return .incomplete }
        guard let (address, afterFrom) = fromAddr else { return .none }
        j = TraceBytes.skipSpaces(b, from: afterFrom)
        if j == b.count { return .incomplete }
        guard b[j] == 0x28 else { return .none }
        let open = j
        var close = j + 1
        while close < b.count, b[close] != 0x29 { close += 1 }
        if close == b.count { return .incomplete }
        let inner = Array(b[(open + 1)..<close])
        let innerStart = TraceBytes.skipSpaces(inner, from: 0)
        let innerEnd = TraceBytes.trimmedEnd(inner, inner.count, floor: innerStart)
        let callee = TraceFrame(kind: .kernel, inputLine: line, module: calleeToken.module,
                                function: calleeToken.function, offset: calleeToken.offset, size: calleeToken.size,
                                address: calleeAddress, printed: TraceBytes.string(calleeText, calleeToken.start..<calleeToken.end),
                                buildID: calleeToken.buildID)
        var frame: TraceFrame?
        if case .token(let t) = KernelSymbolToken.read(inner, at: innerStart, requireSize: false), t.hasOffset,
           t.end == innerEnd {
            frame = TraceFrame(kind: .kernel, inputLine: line, module: t.module, function: t.function,
                               offset: t.offset, size: t.size, address: address,
                               printed: TraceBytes.string(inner, t.start..<t.end), buildID: t.buildID)
        } else if let h = TraceBytes.prefixedHex(inner, from: innerStart), h.end == innerEnd {
            // No symbol for the return address (`%pS` printed the raw value): the address alone.
            frame = TraceFrame(kind: .kernel, inputLine: line, address: address,
                               printed: TraceBytes.string(inner, innerStart..<innerEnd))
        } else if innerStart < innerEnd, inner[innerStart..<innerEnd].allSatisfy({ TraceBytes.isSymbolChar($0) || $0 == 0x20 || $0 == 0x5B || $0 == 0x5D || $0 == 0x2D }) {
            // "(kthread)" without offset, "( (null))": a line, but nothing to resolve.
            frame = nil
        } else {
            return .none
        }
        return .found(frame, callee)
    }

    // MARK: ARM 5.19+: f [mod] from g+off/size [mod]

    static func armCompact(_ b: [UInt8], _ line: Int) -> ArmResult {
        var search = 0
        while let at = TraceBytes.find(b, " from", from: search) {
            search = at + 5
            let afterWord = at + 5
            guard afterWord == b.count || b[afterWord] == 0x20 else { continue }
            // The callee: `name` or `name [mod]` right before " from".
            var e = at
            var module: String?
            if e > 0, b[e - 1] == 0x5D {
                var s = e - 1
                while s > 0, TraceBytes.isModuleChar(b[s - 1]) { s -= 1 }
                guard s > 0, b[s - 1] == 0x5B, s < e - 1 else { continue }
                module = TraceBytes.string(b, s..<(e - 1))
                e = TraceBytes.trimmedEnd(b, s - 1)
            }
            var s = e
            let floor = max(0, e - TraceBytes.maxIdentifierBytes)
            while s > floor, TraceBytes.isSymbolChar(b[s - 1]) { s -= 1 }
            guard s < e, s == 0 || b[s - 1] == 0x20 else { continue }
            // Only the first word of the line is a callee; "… data from foo+0x1/0x2" is prose.
            guard TraceBytes.skipSpaces(b, from: 0) == s else { continue }
            let callee = TraceFrame(kind: .kernel, inputLine: line, module: module,
                                    function: TraceBytes.string(b, s..<e),
                                    printed: TraceBytes.string(b, s..<at))
            let r = TraceBytes.skipSpaces(b, from: afterWord)
            if r == b.count { return .incomplete }
            switch KernelSymbolToken.read(b, at: r, requireSize: true) {
            case .incomplete:
                return .incomplete
            case .none:
                continue
            case .token(let t):
                let frame = TraceFrame(kind: .kernel, inputLine: line, module: t.module, function: t.function,
                                       offset: t.offset, size: t.size,
                                       printed: TraceBytes.string(b, t.start..<t.end), buildID: t.buildID)
                return .found(frame, callee)
            }
        }
        return .none
    }

    // MARK: glibc backtrace_symbols()

    enum UserResult {
        case found(TraceFrame)
        case incomplete
        case none
    }

    static func user(_ b: [UInt8], _ line: Int) -> UserResult {
        let e = TraceBytes.trimmedEnd(b, b.count)
        guard e > 0 else { return .none }
        if b[e - 1] != 0x5D { return userDangling(b, e) ? .incomplete : .none }
        // "[0xADDR]" at the end.
        var q = e - 2
        while q >= 0, e - q <= 24, TraceBytes.isHexDigit(b[q]) || b[q] | 0x20 == 0x78 { q -= 1 }
        guard q >= 0, b[q] == 0x5B, let addr = TraceBytes.prefixedHex(b, from: q + 1), addr.end == e - 1 else { return .none }
        let p = TraceBytes.trimmedEnd(b, q)
        if p == 0 {
            return .found(TraceFrame(kind: .user, inputLine: line, address: addr.value,
                                     printed: TraceBytes.string(b, 0..<e)))
        }
        guard p < q else { return .none } // "foo[0x1]": not a backtrace_symbols line
        if b[p - 1] == 0x29 { // ')'
            var open = p - 2
            while open >= 0, b[open] != 0x28, b[open] != 0x29 { open -= 1 }
            guard open > 0, b[open] == 0x28 else { return .none }
            var s = open
            while s > 0, !TraceBytes.isSpace(b[s - 1]) { s -= 1 }
            guard s < open else { return .none }
            let content = Array(b[(open + 1)..<(p - 1)])
            var function: String?
            var offset: UInt64?
            if !content.isEmpty {
                guard let sign = content.lastIndex(where: { $0 == 0x2B || $0 == 0x2D }) else { return .none }
                guard let off = TraceBytes.prefixedHex(content, from: sign + 1), off.end == content.count else { return .none }
                if sign > 0 {
                    guard content[0..<sign].allSatisfy({ $0 > 0x20 && $0 != 0x28 }) else { return .none }
                    function = TraceBytes.string(content, 0..<sign)
                }
                // `sym-0xoff` (the address is below the symbol) has no unsigned offset to carry.
                offset = content[sign] == 0x2B ? off.value : nil
            }
            return .found(TraceFrame(kind: .user, inputLine: line, module: TraceBytes.string(b, s..<open),
                                     function: function, offset: offset, address: addr.value,
                                     printed: TraceBytes.string(b, s..<e)))
        }
        // Old libc: "path [0xaddr]".
        var s = p
        while s > 0, !TraceBytes.isSpace(b[s - 1]) { s -= 1 }
        let path = Array(b[s..<p])
        let looksLikePath = path.contains(0x2F) || TraceBytes.find(path, ".so") != nil
        // Old libc prints dli_fname: a path. Requiring '/' or ".so" keeps "value [0x1234]" out.
        guard looksLikePath, !path.contains(0x5B), !path.contains(0x3A) || path.contains(0x2F) else { return .none }
        return .found(TraceFrame(kind: .user, inputLine: line, module: TraceBytes.string(b, s..<p),
                                 address: addr.value, printed: TraceBytes.string(b, s..<e)))
    }

    /// Does the line end inside a backtrace_symbols() entry: `path(sym+0x1b)`, `path(sym+0x`,
    /// `path(sym+0x1b) [0xb6e2`, or a lone `/lib/libfoo.so` whose ` [0xaddr]` went to the next line?
    static func userDangling(_ b: [UInt8], _ e: Int) -> Bool {
        var s = e
        while s > 0, !TraceBytes.isSpace(b[s - 1]) { s -= 1 }
        let last = Array(b[s..<e])
        // "[0x…" cut inside the address, after a path token.
        if last.first == 0x5B, last.count >= 1, last.dropFirst().allSatisfy({ TraceBytes.isHexDigit($0) || $0 | 0x20 == 0x78 }) {
            let p = TraceBytes.trimmedEnd(b, s)
            return p > 0 && (b[p - 1] == 0x29 || s > 0)
        }
        guard let open = last.firstIndex(of: 0x28), open > 0 else {
            // A whole line that is one path: old libc's "path [0xaddr]" cut before the address.
            return s == 0 && last.contains(0x2F) && (TraceBytes.find(last, ".so") != nil || last.first == 0x2F || last.first == 0x2E)
                && !last.contains(0x28) && !last.contains(0x3A)
        }
        let path = last[..<open]
        guard path.contains(0x2F) || TraceBytes.find(Array(path), ".so") != nil else { return false }
        var content = Array(last[(open + 1)...])
        if content.last == 0x29 { content.removeLast() }
        guard !content.contains(0x28), !content.contains(0x29) else { return false }
        guard let sign = content.lastIndex(where: { $0 == 0x2B || $0 == 0x2D }) else {
            return content.allSatisfy { TraceBytes.isSymbolChar($0) } && last.last != 0x29
        }
        let tail = content[(sign + 1)...]
        return tail.isEmpty || (tail.first == 0x30 && tail.dropFirst().first.map { $0 | 0x20 == 0x78 } ?? true
            && tail.dropFirst(2).allSatisfy(TraceBytes.isHexDigit))
    }

    // MARK: x86/arm64/riscv entries and register lines

    enum Register { case pc, lr }

    /// PC/LR register lines, by their first word.
    static func registerKind(_ b: [UInt8]) -> Register? {
        for p: StaticString in ["pc : ", "pc: ", "PC is at ", "RIP: ", "EIP: ", "EIP is at ", "IP: ", "epc : ", "NIP: ", "NIP ["] where TraceBytes.has(b, p, at: 0) {
            return .pc
        }
        if TraceBytes.has(b, "WARNING: ", at: 0), TraceBytes.find(b, " at ") != nil { return .pc }
        for p: StaticString in ["lr : ", "lr: ", "LR is at ", "ra : ", "LR ["] where TraceBytes.has(b, p, at: 0) { return .lr }
        return nil
    }

    static func kernelSymbols(_ b: [UInt8], _ line: Int) -> ([TraceFrame], Bool) {
        let register = registerKind(b)
        var frames: [TraceFrame] = []
        var search = 0
        var dangling = false
        while let plus = TraceBytes.find(b, "+0", from: search) {
            search = plus + 1
            let s = KernelSymbolToken.identifierStart(b, endingAt: plus)
            guard s < plus else { continue }
            switch KernelSymbolToken.read(b, at: s, requireSize: true) {
            case .none:
                continue
            case .incomplete:
                dangling = true
                search = b.count
            case .token(let t):
                search = t.end
                var reliable = true
                var address: UInt64?
                var e = TraceBytes.trimmedEnd(b, s)
                if e > 0, b[e - 1] == 0x3F { // "? func"
                    reliable = false
                    e = TraceBytes.trimmedEnd(b, e - 1)
                }
                if e >= 2, b[e - 1] == 0x5D, b[e - 2] == 0x3E { // "[<addr>] func"
                    var o = e - 3
                    while o >= 0, e - o <= 20, TraceBytes.isHexDigit(b[o]) { o -= 1 }
                    if o >= 1, b[o] == 0x3C, b[o - 1] == 0x5B { address = TraceBytes.hex(b, from: o + 1).value }
                }
                let marker = t.marker
                let isPC = register == .pc || marker?.hasPrefix("P") == true
                frames.append(TraceFrame(kind: .kernel, inputLine: line, module: t.module, function: t.function,
                                         offset: t.offset, size: t.size, address: address,
                                         isProgramCounter: isPC, reliable: reliable,
                                         printed: TraceBytes.string(b, t.start..<t.end), buildID: t.buildID,
                                         unwindMarker: marker))
            }
        }
        if !dangling, b.last == 0x2B, KernelSymbolToken.identifierStart(b, endingAt: b.count - 1) < b.count - 1 {
            dangling = true // "func+" cut at the very end
        }
        return (frames, dangling)
    }
}
