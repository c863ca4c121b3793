/// Parses one line of GDB/MI output into an `MIRecord`.
///
/// A pure function of the text: anything that does not follow the MI grammar becomes
/// `.unparsed(line)` — never a crash, never a throw. A trailing `\n`/`\r\n` is ignored.
///
/// Grammar (gdb manual, "GDB/MI Output Syntax"), with two leniencies seen in real gdbs:
/// a bare value where a `key=value` result is expected (MI2's multi-location breakpoints print
/// `bkpt={..},{..}`) is kept under the key `""`; and octal/hex escapes are decoded to bytes.
public enum MIParser {
    public static func parse(line: String) -> MIRecord {
        parse(bytes: Array(line.utf8))
    }

    public static func parse(bytes: [UInt8]) -> MIRecord {
        bytes.withUnsafeBufferPointer { buffer in
            var end = buffer.count
            while end > 0, buffer[end - 1] == UInt8(ascii: "\n") || buffer[end - 1] == UInt8(ascii: "\r") {
                end -= 1
            }
            var scanner = MIScanner(bytes: UnsafeBufferPointer(rebasing: buffer[0..<end]))
            if let record = scanner.record() {
                return record
            }
            return .unparsed(String(decoding: buffer[0..<end], as: UTF8.self))
        }
    }

    public static func parse<Bytes: Collection>(bytes: Bytes) -> MIRecord where Bytes.Element == UInt8 {
        parse(bytes: Array(bytes))
    }

    /// Decodes the body of an MI c-string (without the surrounding quotes) to bytes.
    /// Exposed for callers that find c-strings inside console text.
    public static func decodeCString(body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var scanner = MIScanner(bytes: buffer)
            return scanner.cStringBody(terminatedByQuote: false) ?? Array(body.utf8)
        }
    }
}
