/// Validation and rendering of arguments. Everything that reaches gdb passes through here.
extension MIArgument {
    enum Context {
        /// An argument of an MI command: split by gdb's `mi_parse_argv` (whitespace, c-strings).
        case mi
        /// An argument of a CLI command that will itself be wrapped in a c-string.
        case console
    }

    func rendered(in context: Context) throws -> String {
        switch kind {
        case .literal(let text):
            // Compile-time text, but a literal with a line break would still be a second
            // command: refuse it like anything else.
            try Self.rejectLineBreaks(text)
            return text
        case .identifier(let text):
            try Self.validateIdentifier(text)
            if context == .mi, text.contains(where: { $0 == " " || $0 == "," }) {
                // MI splits arguments on blanks; a C++ name with a space stays one argument.
                return MICString.quoted(text)
            }
            return text
        case .number(let value):
            return String(value)
        case .address(let value):
            return "0x" + String(value, radix: 16)
        case .codeAddress(let value):
            return "*0x" + String(value, radix: 16)
        case .path(let text):
            try Self.validatePath(text)
            return MICString.quoted(text)
        case .rawPath(let text):
            try Self.validateRawPath(text)
            return text
        case .cString(let text):
            if text.utf8.contains(0) {
                throw MIEncodingError(text: text, reason: "contains a NUL byte")
            }
            return MICString.quoted(text)
        case .consoleLine(let command):
            return MICString.quoted(try command.rendered())
        }
    }

    static func rejectLineBreaks(_ text: String) throws {
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) {
            throw MIEncodingError(text: text, reason: "contains a line break or NUL")
        }
    }

    static func validateIdentifier(_ text: String) throws {
        guard let first = text.unicodeScalars.first else {
            throw MIEncodingError(text: text, reason: "an identifier cannot be empty")
        }
        guard isIdentifierStart(first) else {
            throw MIEncodingError(text: text, reason: "an identifier must start with a letter, `_`, `.` or `$`, not \(MICString.quoted(String(first)))")
        }
        for scalar in text.unicodeScalars.dropFirst() where !isIdentifierBody(scalar) {
            throw MIEncodingError(text: text, reason: "character \(MICString.quoted(String(scalar))) is not allowed in an identifier")
        }
        if text.hasSuffix(" ") {
            throw MIEncodingError(text: text, reason: "an identifier cannot end with a blank")
        }
    }

    private static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "_", ".", "$": return true
        default: return false
        }
    }

    private static func isIdentifierBody(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "$", ":", "<", ">", "~", " ", ",",
             "*", "&", "[", "]", "-":
            return true
        default:
            return false
        }
    }

    static func validatePath(_ text: String) throws {
        if text.isEmpty {
            throw MIEncodingError(text: text, reason: "a path cannot be empty")
        }
        if text.utf8.contains(0) {
            throw MIEncodingError(text: text, reason: "a path cannot contain a NUL byte")
        }
        if text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            throw MIEncodingError(text: text, reason: "a path cannot contain a line break")
        }
    }

    static func validateRawPath(_ text: String) throws {
        try validatePath(text)
        for byte in text.utf8 {
            guard (0x21...0x7E).contains(byte) || byte == 0x20 else {
                throw MIEncodingError(text: text, reason: "an unquoted path may only hold printable ASCII")
            }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") {
                throw MIEncodingError(text: text, reason: "an unquoted path cannot contain quotes or backslashes")
            }
        }
        if text.hasPrefix(" ") || text.hasSuffix(" ") || text.hasPrefix("-") {
            throw MIEncodingError(text: text, reason: "an unquoted path cannot start with `-` or start or end with a blank")
        }
    }
}
