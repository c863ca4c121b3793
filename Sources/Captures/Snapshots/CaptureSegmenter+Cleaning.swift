/// What real consoles add to a line before it reaches us: CR, ANSI colour and cursor escapes,
/// other control bytes, printk levels (`<6>`), the kernel's `[   12.345678]` time, and terminal
/// loggers' `[2024-05-01 10:00:00.123]` stamps.
extension CaptureSegmenter {
    func processLine(_ raw: UnsafePointer<UInt8>, _ rawCount: Int) {
        // Fast path: most lines carry no control bytes and are read in place; tokenizing notices
        // the ones that do, which are cleaned into `scratch` and read again.
        if !process(raw, rawCount, cleaned: false) {
            _ = process(UnsafePointer(scratch), clean(raw, rawCount), cleaned: true)
        }
    }

    /// Returns false (having done nothing) when the line holds control bytes and is not cleaned yet.
    private func process(_ p: UnsafePointer<UInt8>, _ n: Int, cleaned: Bool) -> Bool {
        var s = 0
        var e = n
        while s < e, SnapshotBytes.isSpace(p[s]) { s += 1 }
        while e > s, SnapshotBytes.isSpace(p[e - 1]) { e -= 1 }
        if s == e { return true }

        // Strip prefixes; keep the time they carry as a fallback timestamp for the sample.
        var prefixTime: CaptureTimestamp?
        var kernelPrefixed = false
        var stripped = true
        while stripped, s < e {
            stripped = false
            if p[s] == 0x3C, let close = printkLevelEnd(p, s, e) {
                s = close; kernelPrefixed = true; stripped = true
            } else if p[s] == 0x5B, let (close, ts) = bracketTime(p, s, e) {
                s = close
                if ts.clock == .uptime { kernelPrefixed = true }
                prefixTime = ts
                stripped = true
            }
            while s < e, SnapshotBytes.isSpace(p[s]) { s += 1 }
        }
        if s == e { return true }
        if fastSlabRow(p, s, e) {
            if let prefixTime, sample.timestamp == nil, sampleHasContent { sample.timestamp = prefixTime }
            return true
        }
        if tokenize(p, s, e), !cleaned { return false }
        recognize(p, s, e, prefixTime: prefixTime, kernelPrefixed: kernelPrefixed)
        return true
    }

    /// Copies `raw` into `scratch` without escapes and control bytes; returns the new length.
    private func clean(_ raw: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var o = 0
        var i = 0
        while i < n {
            let b = raw[i]
            if b == 0x1B {
                i += 1
                guard i < n else { break }
                let k = raw[i]
                if k == 0x5B {  // CSI: parameters, intermediates, one final byte
                    i += 1
                    while i < n, raw[i] >= 0x20, raw[i] < 0x40 { i += 1 }
                    if i < n { i += 1 }
                } else if k == 0x5D || k == 0x50 || k == 0x5F || k == 0x5E {  // OSC/DCS/APC/PM: up to BEL or ST
                    i += 1
                    while i < n {
                        if raw[i] == 0x07 { i += 1; break }
                        if raw[i] == 0x1B, i + 1 < n, raw[i + 1] == 0x5C { i += 2; break }
                        i += 1
                    }
                } else if k >= 0x20 && k < 0x30 {  // ESC ( B and friends: one more byte
                    i += 2
                } else {
                    i += 1
                }
                continue
            }
            if b == 0x09 { scratch[o] = 0x20; o += 1 } else if b >= 0x20 && b != 0x7F { scratch[o] = b; o += 1 }
            i += 1
        }
        return o
    }

    /// `<N>` or `<N>,` (printk level as /dev/kmsg or an unfiltered console prints it).
    private func printkLevelEnd(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        var i = s + 1
        let d0 = i
        while i < e, i - d0 < 4, SnapshotBytes.isDigit(p[i]) { i += 1 }
        guard i > d0, i < e, p[i] == 0x3E else { return nil }
        return i + 1
    }

    /// `[   12.345678]` (kernel, seconds since boot), `[2024-05-01 10:00:00.123]` or
    /// `[2024-05-01T10:00:00]` (console loggers, wall clock). Returns the index after `]`.
    private func bracketTime(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (Int, CaptureTimestamp)? {
        var close = s + 1
        while close < e, close - s < 40, p[close] != 0x5D { close += 1 }
        guard close < e, p[close] == 0x5D else { return nil }
        var a = s + 1
        while a < close, SnapshotBytes.isSpace(p[a]) { a += 1 }
        // Kernel: digits '.' digits. A pid table header `[ pid ]` is not a time.
        if let secs = SnapshotBytes.seconds(p, a, close), Self.containsDot(p, a, close) {
            return (close + 1, CaptureTimestamp(seconds: secs, clock: .uptime, source: .linePrefix))
        }
        if let epoch = SnapshotDate.isoEpoch(p, a, close) {
            return (close + 1, CaptureTimestamp(seconds: epoch, clock: .epoch, source: .linePrefix))
        }
        return nil
    }

    static func containsDot(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var i = s
        while i < e { if p[i] == 0x2E { return true }; i += 1 }
        return false
    }

    /// Splits [s, e) at blanks into `tokStart`/`tokEnd`; returns true when it met a control byte.
    /// Eight bytes at a time where it can: /proc pads its columns with long runs of blanks, and
    /// this loop is most of the cost of reading a log.
    @discardableResult
    func tokenize(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let blanks: UInt64 = 0x2020_2020_2020_2020
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(p)
        var count = 0
        var i = s
        var control = false
        while i < e {
            // Skip blanks.
            while i < e {
                if i + 8 <= e {
                    let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ blanks
                    if x == 0 { i += 8; continue }
                    i += x.littleEndian.trailingZeroBitCount >> 3
                    if p[i] == 0x09 { i += 1; continue }
                    break
                }
                if p[i] == 0x20 || p[i] == 0x09 { i += 1; continue }
                break
            }
            if i == e { break }
            if count == Self.maxTokens {
                // No room for more tokens; still look for control bytes in the rest.
                while i < e { if p[i] < 0x20 || p[i] == 0x7F { control = true }; i += 1 }
                break
            }
            tokStart[count] = i
            // Scan the token up to a byte < 0x21 (blank, tab or control).
            while i < e {
                if i + 8 <= e {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian
                    // Lowest byte below 0x21 (exact for the lowest one; UTF-8 bytes never match).
                    let low = (w &- 0x21 &* ones) & ~w & highs
                    let del = w ^ (0x7F &* ones)
                    if (del &- ones) & ~del & highs != 0 { control = true }  // a DEL somewhere in these 8
                    if low == 0 { i += 8; continue }
                    i += low.trailingZeroBitCount >> 3
                } else {
                    let b = p[i]
                    if b > 0x20 { if b == 0x7F { control = true }; i += 1; continue }
                }
                let b = p[i]
                if b == 0x20 || b == 0x09 { break }
                control = true  // a control byte inside the token
                i += 1
            }
            tokEnd[count] = i
            count += 1
        }
        tokCount = count
        return control
    }
}
