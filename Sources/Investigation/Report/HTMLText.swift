/// Text made safe for HTML (and for XML: the report also parses as XHTML). Everything that
/// comes from a capture, a trace or a path goes through here — a cache named `<script>` must
/// stay text.
enum HTMLText {
    /// Escapes `& < > " '` (safe in text and in quoted attributes alike) and replaces control
    /// characters other than tab, newline and carriage return with U+FFFD: they are errors in
    /// HTML and fatal in XML, and a console log is full of them.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A number for an SVG coordinate: at most one decimal, no exponent.
    static func coordinate(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        return fixed(Swift.max(-1e9, Swift.min(1e9, v)), places: 1)
    }

    /// An integer for a table cell (`-` when missing).
    static func integer(_ v: Int64?) -> String { v.map(String.init) ?? "-" }

    static func signed(_ v: Int64) -> String { v > 0 ? "+\(v)" : "\(v)" }

    /// A measurement: integer when whole, else up to `places` decimals.
    static func number(_ v: Double, places: Int = 1) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return v.isFinite ? String(v) : "-" }
        return fixed(v, places: places)
    }

    /// `v` rounded to `places` decimals, trailing zeros dropped (no Foundation formatting).
    static func fixed(_ v: Double, places: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((v * Double(scale)).rounded())
        let whole = scaled / scale, fraction = abs(scaled % scale)
        let sign = scaled < 0 && whole == 0 ? "-" : ""
        guard fraction != 0 else { return sign + String(whole) }
        var digits = String(fraction)
        digits = String(repeating: "0", count: places - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(whole) + "." + digits
    }
}
