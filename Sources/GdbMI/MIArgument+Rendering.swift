/// Validation and rendering of arguments. Everything that reaches gdb passes through here.
extension MIArgument {
    enum Context {
        /// An argument of an MI command: split by gdb's `mi_parse_argv` (whitespace, c-strings).
        case mi
        /// An argument of a CLI command that will itself be wrapped in a c-string.
        case console
    }

    /// The argument's bytes on the line. An MI line is ASCII; a console line (inside the MI
    /// c-string of `-interpreter-exec console`) may hold any byte but NUL, so this is bytes.
    func rendered(in context: Context) throws -> [UInt8] {
        switch kind {
        case .path(let bytes):
            let path = try Self.gdbPathBytes(bytes)
            return context == .console ? Self.buildargvWord(path) : Array(try Self.miPathArgument(path).utf8)
        case .rawPath(let text):
            return try Self.restOfLinePath(text, in: context)
        case .consoleLine(let command):
            return Array(MICString.quoted(bytes: try command.renderedBytes()).utf8)
        default:
            return Array(try renderedText(in: context).utf8)
        }
    }

    private func renderedText(in context: Context) throws -> String {
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
        case .cString(let text):
            if text.utf8.contains(0) {
                throw MIEncodingError(text: text, reason: "contains a NUL byte")
            }
            return MICString.quoted(text)
        case .path, .rawPath, .consoleLine:
            preconditionFailure("rendered as bytes by rendered(in:)")
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

    /// A path for a CLI command that takes the rest of its line as the file name (`source`:
    /// no buildargv, so quotes and backslashes are just bytes). gdb skips leading blanks and
    /// `-v`/`-s` options (the `./` of a relative path keeps clear of them), runs tilde_expand and
    /// strips trailing whitespace; a line break would end the line.
    static func restOfLinePath(_ text: String, in context: Context) throws -> [UInt8] {
        let path = try gdbPathBytes(Array(text.utf8))
        if path.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            throw MIEncodingError(text: text, reason: "this command cannot take a path with a line break")
        }
        if let last = path.last, GdbArgvModel.isSpace(last) {
            throw MIEncodingError(text: text, reason: "gdb strips whitespace from the end of this command's path")
        }
        // As an MI argument the bytes would stand bare on the MI line.
        if context == .mi, !path.allSatisfy(isPlainPathByte) {
            throw MIEncodingError(text: text, reason: "an unquoted MI argument may only hold letters, digits and `/._-+,=@%:`")
        }
        return path
    }
}
