/// File names for gdb. What gdb 13 does with the text after `add-symbol-file`, `symbol-file` or
/// `file` (GdbArgvModel; each point checked with gdb-multiarch 13.1):
///   1. libiberty's `buildargv` splits it into words at blanks; `'…'` and `"…"` group, and a
///      backslash takes the next byte literally everywhere, even inside double quotes — so an MI
///      c-string escape such as `\303` reads as `303`. Newer libiberty (gdb 15) keeps most
///      backslashes inside double quotes and drops a backslash-newline; a backslash outside
///      quotes, and a newline between single quotes, read the same in both.
///   2. The command then runs readline's `tilde_expand` on the name: a leading `~`, and `~` after
///      a blank or a tab anywhere in it, becomes a home directory (`/x ~root/a` → `/x /root/a`).
///   3. A word starting with `-` is an option; a name starting with `target:` is on the target.
/// So a path becomes one buildargv word in which every byte outside a plain set is escaped with
/// a backslash (a newline goes between single quotes), a relative path gets `./` in front
/// (which settles 2's leading `~` and all of 3), and a blank or tab before `~`, which no quoting
/// can protect, is refused.
extension MIArgument {
    /// `text` as the bytes gdb must end up with: a relative path gets `./` (same file, and it
    /// cannot be taken for an option, a home directory or a target file).
    static func gdbPathBytes(_ bytes: [UInt8]) throws -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        if bytes.isEmpty {
            throw MIEncodingError(text: text, reason: "a path cannot be empty")
        }
        if bytes.contains(0) {
            throw MIEncodingError(text: text, reason: "a path cannot contain a NUL byte")
        }
        let path = bytes.first == UInt8(ascii: "/") ? bytes : Array("./".utf8) + bytes
        if GdbArgvModel.tildeMayExpand(path) {
            throw MIEncodingError(
                text: text,
                reason: "gdb would read `~` after a blank or tab as a home directory (readline tilde_expand runs after any quoting); link the file from a plain path and load that")
        }
        return path
    }

    /// One buildargv word for a CLI command line, which `MICommand.console` then wraps in an MI
    /// c-string (that layer carries any byte but NUL, as an octal escape if need be).
    static func buildargvWord(_ path: [UInt8]) -> [UInt8] {
        var word: [UInt8] = []
        word.reserveCapacity(path.count * 2)
        for byte in path {
            if isPlainPathByte(byte) {
                word.append(byte)
            } else if byte == 0x0A {
                word += [UInt8(ascii: "'"), byte, UInt8(ascii: "'")]
            } else {
                word += [UInt8(ascii: "\\"), byte]
            }
        }
        return word
    }

    /// A path as an argument of an MI command. Two readers disagree here: MI commands proper
    /// read a c-string (`\303` is a byte), CLI adapters such as `-file-exec-and-symbols` hand
    /// their raw text to buildargv (`\303` is `303`). They agree on printable ASCII in double
    /// quotes with `\"` and `\\`, so that is all this form takes; other paths go through
    /// `MICommand.console` with the CLI command (`file`, `symbol-file`, `add-symbol-file`).
    static func miPathArgument(_ path: [UInt8]) throws -> String {
        guard path.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw MIEncodingError(
                text: String(decoding: path, as: UTF8.self),
                reason: "a path with bytes outside printable ASCII cannot be an MI argument (CLI adapters like -file-exec-and-symbols read no escapes): send the CLI command through MICommand.console")
        }
        return MICString.quoted(bytes: path)
    }

    /// Bytes that mean themselves to buildargv, tilde_expand and the MI c-string around the line.
    static func isPlainPathByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "/"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"),
             UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "@"),
             UInt8(ascii: "%"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }
}
