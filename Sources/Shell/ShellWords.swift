/// Splits a shell line into words the way a POSIX shell would for simple cases: blanks separate
/// words; '...' keeps everything literally; "..." keeps blanks and honours \" and \\; a backslash
/// outside quotes escapes the next character. Never fails: an unterminated quote runs to the end.
///
/// Works on UTF-8 bytes, not Characters: the syntax is ASCII, and a Character can fuse a quote
/// with the combining mark after it (`'` + U+0301) or the Prepend character before it, which
/// would hide the quote. A byte of a multi-byte scalar is never an ASCII byte, and only ASCII
/// bytes are dropped, so every word is still valid UTF-8. (Also faster: no grapheme breaking.)
public enum ShellWords {
    public static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        var inWord = false
        var quote: UInt8? = nil
        var escaping = false
        for byte in line.utf8 {
            if escaping {
                current.append(byte)
                escaping = false
                continue
            }
            switch quote {
            case singleQuote?:
                if byte == singleQuote { quote = nil } else { current.append(byte) }
            case doubleQuote?:
                if byte == doubleQuote { quote = nil } else if byte == backslash { escaping = true } else { current.append(byte) }
            default:
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    if inWord { words.append(String(decoding: current, as: UTF8.self)); current = []; inWord = false }
                } else if byte == singleQuote || byte == doubleQuote {
                    quote = byte
                    inWord = true
                } else if byte == backslash {
                    escaping = true
                    inWord = true
                } else {
                    current.append(byte)
                    inWord = true
                }
            }
        }
        if inWord { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Quotes a word so `split` gives it back unchanged (for echoing commands and completions).
    /// Left bare: ASCII letters, digits and `-_./:=+,@%^`, and letters, digits and combining
    /// marks beyond ASCII (so completions show `café` as typed); anything else is quoted.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy(isPlain)
        if plain { return word }
        var quoted = "'"
        for scalar in word.unicodeScalars {
            if scalar == "'" { quoted += #"'\''"# } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "'"
    }

    private static let singleQuote = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".", "/", ":", "=", "+", ",", "@", "%", "^": return true
            default: return false
            }
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }
}
