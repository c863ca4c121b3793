/// Wall-clock times as boards print them, turned into seconds since 1970. Time zones are read
/// as UTC: only differences between samples matter, and a board prints one zone throughout.
enum SnapshotDate {
    /// `2024-05-01 10:00:00`, `2024-05-01T10:00:00.123+02:00` (ISO, `date -Iseconds`).
    static func isoEpoch(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        guard e - s >= 19 else { return nil }
        func num(_ at: Int, _ len: Int) -> Int? {
            SnapshotBytes.decimal(p, s + at, s + at + len).map { Int($0) }
        }
        guard p[s + 4] == 0x2D, p[s + 7] == 0x2D, p[s + 10] == 0x20 || p[s + 10] == 0x54,
              p[s + 13] == 0x3A, p[s + 16] == 0x3A,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
              let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2)
        else { return nil }
        var frac = 0.0
        var i = s + 19
        if i < e, p[i] == 0x2E || p[i] == 0x2C {
            i += 1
            var scale = 0.1
            while i < e, SnapshotBytes.isDigit(p[i]) { frac += Double(p[i] - 0x30) * scale; scale /= 10; i += 1 }
        }
        return epoch(y, mo, d, h, mi, sec).map { $0 + frac }
    }

    static let months: [StaticString] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let weekdays: [StaticString] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    /// `date` output: `Thu Nov 26 20:55:21 UTC 2026` (coreutils, busybox; any zone word or
    /// none), or `date -R`: `Thu, 26 Nov 2026 20:55:21 +0000`. Tokens are given as ranges.
    static func ctimeEpoch(_ p: UnsafePointer<UInt8>, starts: UnsafePointer<Int>, ends: UnsafePointer<Int>, count: Int) -> Double? {
        guard count >= 5, count <= 7 else { return nil }
        func tok(_ i: Int) -> (Int, Int) { (starts[i], ends[i]) }
        func month(_ i: Int) -> Int? {
            let (a, b) = tok(i)
            for (k, m) in months.enumerated() where SnapshotBytes.equals(p, a, b, m) { return k + 1 }
            return nil
        }
        func isWeekday(_ i: Int) -> Bool {
            var (a, b) = tok(i)
            if b - a == 4, p[b - 1] == 0x2C { b -= 1 }
            return weekdays.contains { SnapshotBytes.equals(p, a, b, $0) }
        }
        func int(_ i: Int) -> Int? { let (a, b) = tok(i); return SnapshotBytes.decimal(p, a, b).map { Int($0) } }
        func clock(_ i: Int) -> (Int, Int, Int)? {
            let (a, b) = tok(i)
            guard b - a == 8, p[a + 2] == 0x3A, p[a + 5] == 0x3A,
                  let h = SnapshotBytes.decimal(p, a, a + 2), let m = SnapshotBytes.decimal(p, a + 3, a + 5),
                  let s = SnapshotBytes.decimal(p, a + 6, a + 8) else { return nil }
            return (Int(h), Int(m), Int(s))
        }
        guard isWeekday(0) else { return nil }
        if let mo = month(1), let d = int(2), let (h, mi, s) = clock(3) {
            // Year is the last token; a zone word may sit before it.
            guard let y = int(count - 1), y > 1900, count == 5 || count == 6 else { return nil }
            return epoch(y, mo, d, h, mi, s)
        }
        if let d = int(1), let mo = month(2), let y = int(3), let (h, mi, s) = clock(4) {
            return epoch(y, mo, d, h, mi, s)
        }
        return nil
    }

    static func epoch(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Double? {
        guard (1..<13).contains(mo), (1..<32).contains(d), h < 25, mi < 60, s < 61 else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let mp = (mo + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + h * 3600 + mi * 60 + s)
    }
}
