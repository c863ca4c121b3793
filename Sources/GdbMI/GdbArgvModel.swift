// How gdb 13 itself reads what slabhound sends, written from its sources and checked against
// gdb-multiarch 13.1. The encoder (MIArgument+Paths.swift) is written against it; its tests and
// the encoder fuzz target (Fuzz/GdbMIEncoderFuzz.swift) check "gdb reads exactly these
// arguments" through it. Not used at run time.
//   - gdb/mi/mi-parse.c: mi_parse (token, operation) and mi_parse_argv / mi_parse_escape;
//   - libiberty/argv.c: buildargv, which CLI commands such as add-symbol-file, symbol-file and
//     file use on the rest of their line (a backslash takes the next byte literally, even
//     inside double quotes — `"\303"` reads as `303`); MI commands that are CLI adapters
//     (`-file-exec-and-symbols`, `-file-symbol-file`) hand their raw text to it too;
//   - readline's tilde_expand, run by those commands on the file name afterwards.
enum GdbArgvModel {
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), singleQuote = UInt8(ascii: "'")

    /// C isspace in the "C" locale.
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// One MI input line → (token, operation, argv); nil when gdb would refuse the arguments.
    static func miCommand(_ line: [UInt8]) -> (token: [UInt8], operation: [UInt8], argv: [[UInt8]])? {
        var i = 0
        while i < line.count, (0x30...0x39).contains(line[i]) { i += 1 }
        let token = Array(line[..<i])
        guard i < line.count, line[i] == UInt8(ascii: "-") else { return nil }
        let start = i
        while i < line.count, !isSpace(line[i]) { i += 1 }
        let operation = Array(line[start..<i])
        guard let argv = miArgv(Array(line[i...])) else { return nil }
        return (token, operation, argv)
    }

    /// mi_parse_argv.
    static func miArgv(_ s: [UInt8]) -> [[UInt8]]? {
        var i = 0
        var argv: [[UInt8]] = []
        while true {
            while i < s.count, isSpace(s[i]) { i += 1 }
            if i == s.count { return argv }
            if s[i] == quote {
                i += 1
                var arg: [UInt8] = []
                while i < s.count, s[i] != quote {
                    if s[i] == backslash {
                        i += 1
                        // "Do not allow split lines or \000" (nor, on a signed-char host, a
                        // raw byte >= 0x80 after a backslash).
                        let value = miEscape(s, &i)
                        guard value > 0 else { return nil }
                        arg.append(UInt8(truncatingIfNeeded: value))
                    } else {
                        arg.append(s[i])
                        i += 1
                    }
                }
                guard i < s.count else { return nil }                         // no closing quote
                if i + 1 < s.count, !isSpace(s[i + 1]) { return nil }        // junk after it
                i += 1
                argv.append(arg)
            } else {
                let start = i
                while i < s.count, !isSpace(s[i]) { i += 1 }
                argv.append(Array(s[start..<i]))
            }
        }
    }

    /// mi_parse_escape: the byte after a backslash.
    static func miEscape(_ s: [UInt8], _ i: inout Int) -> Int {
        guard i < s.count else { return 0 }
        let c = s[i]
        i += 1
        switch c {
        case 0x0A: return -2
        case 0x30...0x37:
            var value = Int(c - 0x30)
            var count = 1
            while count < 3, i < s.count, (0x30...0x37).contains(s[i]) {
                value = value * 8 + Int(s[i] - 0x30)
                i += 1
                count += 1
            }
            return value
        case UInt8(ascii: "a"): return 7
        case UInt8(ascii: "b"): return 8
        case UInt8(ascii: "f"): return 12
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "r"): return 13
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "v"): return 11
        default: return Int(Int8(bitPattern: c))   // char is signed on the hosts gdb runs on
        }
    }

    /// buildargv (libiberty, as linked into gdb 13).
    static func buildargv(_ s: [UInt8]) -> [[UInt8]] {
        var argv: [[UInt8]] = []
        var i = 0
        var squote = false, dquote = false, bsquote = false
        repeat {
            while i < s.count, isSpace(s[i]) { i += 1 }
            var arg: [UInt8] = []
            while i < s.count {
                let c = s[i]
                if isSpace(c), !squote, !dquote, !bsquote { break }
                if bsquote {
                    bsquote = false
                    arg.append(c)
                } else if c == backslash {
                    bsquote = true
                } else if squote {
                    if c == singleQuote { squote = false } else { arg.append(c) }
                } else if dquote {
                    if c == quote { dquote = false } else { arg.append(c) }
                } else if c == singleQuote {
                    squote = true
                } else if c == quote {
                    dquote = true
                } else {
                    arg.append(c)
                }
                i += 1
            }
            argv.append(arg)
            while i < s.count, isSpace(s[i]) { i += 1 }
        } while i < s.count
        return argv
    }

    /// Whether readline's `tilde_expand` (default prefixes `" ~"` and `"\t~"`) may rewrite a
    /// file name: a leading `~`, or a `~` after a blank or a tab anywhere. Whether it does
    /// depends on the user database (`~root` expands, `~nosuchuser` stays), so any of them counts.
    static func tildeMayExpand(_ word: [UInt8]) -> Bool {
        if word.first == UInt8(ascii: "~") { return true }
        return zip(word, word.dropFirst()).contains { pair in
            (pair.0 == 0x20 || pair.0 == 0x09) && pair.1 == UInt8(ascii: "~")
        }
    }
}
