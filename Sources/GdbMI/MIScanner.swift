/// Recursive-descent reader over the bytes of one MI line. Every method returns nil on a
/// grammar violation; the parser then keeps the line as `.unparsed`.
struct MIScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var atEnd: Bool { index >= bytes.count }
    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    // Nesting beyond this is not gdb output; refusing it keeps hostile input from
    // exhausting the stack.
    private static let maximumDepth = 512

    mutating func record() -> MIRecord? {
        if isPrompt() { return .prompt }
        guard let first = current else { return nil }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "@"), UInt8(ascii: "&"):
            index += 1
            guard current == UInt8(ascii: "\"") else { return nil }
            index += 1
            guard let body = cStringBody(terminatedByQuote: true), atEnd else { return nil }
            switch first {
            case UInt8(ascii: "~"): return .consoleStream(body)
            case UInt8(ascii: "@"): return .targetStream(body)
            default: return .logStream(body)
            }
        default:
            break
        }
        let token = self.token()
        guard !(token == nil && index > 0) else { return nil }  // digits that overflowed
        guard let kind = current else { return nil }
        index += 1
        guard let className = word(), !className.isEmpty else { return nil }
        guard let results = resultsToEnd() else { return nil }
        switch kind {
        case UInt8(ascii: "^"):
            guard let resultClass = MIResultClass(rawValue: className) else { return nil }
            return .result(token: token, resultClass: resultClass, results: results)
        case UInt8(ascii: "*"):
            return .execAsync(token: token, asyncClass: className, results: results)
        case UInt8(ascii: "+"):
            return .statusAsync(token: token, asyncClass: className, results: results)
        case UInt8(ascii: "="):
            return .notifyAsync(token: token, asyncClass: className, results: results)
        default:
            return nil
        }
    }

    private func isPrompt() -> Bool {
        let prompt: [UInt8] = Array("(gdb)".utf8)
        guard bytes.count >= prompt.count, bytes.starts(with: prompt) else { return false }
        return bytes.dropFirst(prompt.count).allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// Leading decimal digits. Returns nil with `index` moved when they overflow UInt64.
    private mutating func token() -> UInt64? {
        var value: UInt64 = 0
        var sawDigit = false
        var overflow = false
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            sawDigit = true
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            overflow = overflow || o1 || o2
            value = sum
            index += 1
        }
        if !sawDigit || overflow { return nil }
        return value
    }

    /// A class name or a result's variable: everything up to `,`, `=` or the end, without
    /// the characters that structure MI.
    private mutating func word() -> String? {
        let start = index
        while let byte = current, byte != UInt8(ascii: ","), byte != UInt8(ascii: "=") {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"),
                 UInt8(ascii: "["), UInt8(ascii: "]"):
                return nil
            default:
                index += 1
            }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// `( "," result )*` up to the end of the line.
    private mutating func resultsToEnd() -> MITuple? {
        var pairs: [MITuple.Element] = []
        while !atEnd {
            guard current == UInt8(ascii: ",") else { return nil }
            index += 1
            guard let pair = result(depth: 0) else { return nil }
            pairs.append(pair)
        }
        return MITuple(pairs)
    }

    /// `variable "=" value`, or a bare value (kept under the key "").
    private mutating func result(depth: Int) -> MITuple.Element? {
        if let byte = current, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
            guard let value = value(depth: depth) else { return nil }
            return (key: "", value: value)
        }
        guard let key = word(), !key.isEmpty, current == UInt8(ascii: "=") else { return nil }
        index += 1
        guard let value = value(depth: depth) else { return nil }
        return (key: key, value: value)
    }

    private mutating func value(depth: Int) -> MIValue? {
        guard depth < Self.maximumDepth, let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "\""):
            index += 1
            return cStringBody(terminatedByQuote: true).map(MIValue.string)
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [MITuple.Element] = []
            if current == UInt8(ascii: "}") {
                index += 1
                return .tuple(MITuple())
            }
            while true {
                guard let pair = result(depth: depth + 1) else { return nil }
                pairs.append(pair)
                guard let next = current else { return nil }
                index += 1
                if next == UInt8(ascii: "}") { return .tuple(MITuple(pairs)) }
                guard next == UInt8(ascii: ",") else { return nil }
            }
        case UInt8(ascii: "["):
            index += 1
            if current == UInt8(ascii: "]") {
                index += 1
                return .list([])
            }
            guard let first = current else { return nil }
            let isValueList = first == UInt8(ascii: "\"") || first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            if isValueList {
                var values: [MIValue] = []
                while true {
                    guard let element = value(depth: depth + 1) else { return nil }
                    values.append(element)
                    guard let next = current else { return nil }
                    index += 1
                    if next == UInt8(ascii: "]") { return .list(values) }
                    guard next == UInt8(ascii: ",") else { return nil }
                }
            }
            var pairs: [MITuple.Element] = []
            while true {
                guard let pair = result(depth: depth + 1) else { return nil }
                pairs.append(pair)
                guard let next = current else { return nil }
                index += 1
                if next == UInt8(ascii: "]") { return .resultList(MITuple(pairs)) }
                guard next == UInt8(ascii: ",") else { return nil }
            }
        default:
            return nil
        }
    }

    /// Reads c-string content after the opening quote, decoding escapes to bytes, and
    /// consumes the closing quote. With `terminatedByQuote: false` reads to the end.
    mutating func cStringBody(terminatedByQuote: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                if terminatedByQuote { return out }
                out.append(byte)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { return terminatedByQuote ? nil : out + [byte] }
                index += 1
                switch escaped {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "a"): out.append(0x07)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "v"): out.append(0x0B)
                case UInt8(ascii: "e"): out.append(0x1B)
                case UInt8(ascii: "0")...UInt8(ascii: "7"):
                    // Up to three octal digits; gdb prints every non-printable byte this way.
                    var value = UInt32(escaped - UInt8(ascii: "0"))
                    var digits = 1
                    while digits < 3, let next = current, next >= UInt8(ascii: "0"), next <= UInt8(ascii: "7") {
                        value = value * 8 + UInt32(next - UInt8(ascii: "0"))
                        index += 1
                        digits += 1
                    }
                    out.append(UInt8(truncatingIfNeeded: value))
                case UInt8(ascii: "x"):
                    var value: UInt32 = 0
                    var digits = 0
                    while digits < 2, let next = current, let nibble = Self.hexValue(next) {
                        value = value * 16 + UInt32(nibble)
                        index += 1
                        digits += 1
                    }
                    if digits == 0 {
                        out.append(UInt8(ascii: "x"))
                    } else {
                        out.append(UInt8(value))
                    }
                default:
                    // `\"`, `\\`, `\'` and anything unknown: the character itself.
                    out.append(escaped)
                }
            default:
                out.append(byte)
            }
        }
        return terminatedByQuote ? nil : out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
