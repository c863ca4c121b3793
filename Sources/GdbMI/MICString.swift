/// Writing MI/CLI c-strings: the inverse of the parser's c-string decoding.
public enum MICString {
    /// `text` in double quotes with `"` and `\` escaped and every byte outside printable
    /// ASCII written as a three-digit octal escape, so the result is one line of ASCII.
    /// gdb's MI argument reader and its CLI `buildargv` both undo these escapes.
    public static func quoted(_ text: String) -> String {
        quoted(bytes: Array(text.utf8))
    }

    public static func quoted(bytes: [UInt8]) -> String {
        var out = "\""
        out.reserveCapacity(bytes.count + 2)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let octal = String(byte, radix: 8)
                out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
            }
        }
        out += "\""
        return out
    }
}
