/// Splits a shell line into words the way a POSIX shell would for simple cases: blanks separate
/// words; '...' keeps everything literally; "..." keeps blanks and honours \" and \\; a backslash
/// outside quotes escapes the next character. Never fails: an unterminated quote runs to the end.
public enum ShellWords {
    public static func split(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character? = nil
        var escaping = false
        for ch in line {
            if escaping {
                current.append(ch)
                escaping = false
                continue
            }
            switch quote {
            case "'":
                if ch == "'" { quote = nil } else { current.append(ch) }
            case "\"":
                if ch == "\"" { quote = nil } else if ch == "\\" { escaping = true } else { current.append(ch) }
            default:
                if ch == " " || ch == "\t" || ch == "\n" || ch == "\r" {
                    if inWord { words.append(current); current = ""; inWord = false }
                } else if ch == "'" || ch == "\"" {
                    quote = ch
                    inWord = true
                } else if ch == "\\" {
                    escaping = true
                    inWord = true
                } else {
                    current.append(ch)
                    inWord = true
                }
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// Quotes a word so `split` gives it back unchanged (for echoing commands and completions).
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { ch in
            ch.isLetter || ch.isNumber || "-_./:=+,@%^".contains(ch)
        }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
