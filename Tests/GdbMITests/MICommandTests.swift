import Testing
import TestSupport
@testable import GdbMI

@Suite struct MICommandTests {
    @Test func encodesOperationsNumbersAndAddresses() throws {
        let command = MICommand("-data-disassemble", "-s", .address(0x1000), "-e", .address(0x1002), "--", "1")
        #expect(try command.encoded(token: 7) == "7-data-disassemble -s 0x1000 -e 0x1002 -- 1")
        #expect(try MICommand("-data-evaluate-expression", .identifier("$slabhound_marker")).encoded(token: 1)
            == "1-data-evaluate-expression $slabhound_marker")
        #expect(try MICommand("-x", .number(-5), 12).encoded(token: 0) == "0-x -5 12")
        #expect(try MICommand("-x", .address(UInt64.max)).encoded(token: UInt64.max) == "18446744073709551615-x 0xffffffffffffffff")
    }

    @Test func codeAddressIsALocation() throws {
        #expect(try ConsoleCommand("info line", .codeAddress(0x518)).rendered() == "info line *0x518")
    }

    @Test func consoleCommandIsOneQuotedArgument() throws {
        let command = MICommand.console(ConsoleCommand("add-symbol-file", .path("/x/lib.so"), "-o", .address(0x1000_0000)))
        #expect(try command.encoded(token: 3) == #"3-interpreter-exec console "add-symbol-file /x/lib.so -o 0x10000000""#)
        // The CLI line inside decodes back to what the CLI must see.
        #expect(try Self.cliLine(command.encoded(token: 3)) == Array("add-symbol-file /x/lib.so -o 0x10000000".utf8))
    }

    /// The CLI line inside `N-interpreter-exec console "…"`, as gdb's MI layer decodes it.
    static func cliLine(_ line: String) -> [UInt8]? {
        guard let parsed = GdbArgvModel.miCommand(Array(line.utf8)), parsed.argv.count == 2,
              parsed.argv[0] == Array("console".utf8) else { return nil }
        return parsed.argv[1]
    }

    /// A console path is one buildargv word: every byte that is not plain gets a backslash (even
    /// inside double quotes gdb 13 reads `\303` as `303`), a newline sits between single quotes,
    /// and the MI c-string around the line carries the bytes as octal escapes.
    @Test func consolePathIsOneBuildargvWord() throws {
        let path = "/tmp/we\"ird\\dir/lib\u{E9} $(id) `x`;'\t\n~.so"
        let command = ConsoleCommand("add-symbol-file", .path(path), "-o", .address(0x1000))
        // é is two bytes, each escaped.
        let expected = Array(#"add-symbol-file /tmp/we\"ird\\dir/lib"#.utf8) + [0x5C, 0xC3, 0x5C, 0xA9]
            + Array(#"\ \$\(id\)\ \`x\`\;\'\"#.utf8) + [0x09] + Array("'\n'".utf8) + Array(#"\~.so -o 0x1000"#.utf8)
        #expect(try command.renderedBytes() == expected)
        let line = try MICommand.console(command).encoded(token: 5)
        #expect(line.utf8.allSatisfy { (0x20...0x7E).contains($0) }, "not one printable line: \(line)")
        let cli = try #require(Self.cliLine(line))
        #expect(GdbArgvModel.buildargv(Array(cli.dropFirst("add-symbol-file ".count)))
            == [Array(path.utf8), Array("-o".utf8), Array("0x1000".utf8)])
    }

    @Test func pathBytesNeedNotBeUTF8() throws {
        let bytes: [UInt8] = Array("/tmp/bad".utf8) + [0xFF, 0xFE, 0x20, 0x80] + Array("/lib.so".utf8)
        let line = try MICommand.console(ConsoleCommand("file", .path(bytes: bytes))).encoded(token: 1)
        #expect(line == #"1-interpreter-exec console "file /tmp/bad\\\377\\\376\\ \\\200/lib.so""#)
        let cli = try #require(Self.cliLine(line))
        #expect(GdbArgvModel.buildargv(Array(cli.dropFirst("file ".count))) == [bytes])
    }

    /// A relative path cannot become an option (`-readnow`), a home directory or a target file.
    @Test(arguments: [("-readnow", "./-readnow"), ("~/lib.so", #"./\~/lib.so"#), ("target:lib.so", "./target:lib.so"),
                      ("lib.so", "./lib.so"), ("/abs/~x", "/abs/\\~x")])
    func relativePathsStartWithDotSlash(path: String, word: String) throws {
        #expect(try ConsoleCommand("symbol-file", .path(path)).rendered() == "symbol-file " + word)
    }

    /// readline's tilde_expand runs on the file name after buildargv, so no quoting protects
    /// `~` after a blank or tab: refused with a reason that says so.
    @Test(arguments: ["/tmp/a ~root/lib.so", "/tmp/a\t~/lib.so", "/tmp/x ~"])
    func tildeAfterABlankIsRefused(path: String) {
        #expect {
            try MICommand.console(ConsoleCommand("add-symbol-file", .path(path))).encoded(token: 1)
        } throws: { error in
            (error as? MIEncodingError)?.reason.contains("home directory") == true
        }
    }

    /// As an MI argument (read by mi_parse_argv as a c-string, or raw by buildargv for CLI
    /// adapters like -file-symbol-file) only printable ASCII is sent: both read it the same.
    @Test func miPathArgumentIsPrintableASCII() throws {
        let path = #"/tmp/we"ird\dir/lib $(id) `x`;.so"#
        let line = try MICommand("-file-symbol-file", .path(path)).encoded(token: 1)
        #expect(line == #"1-file-symbol-file "/tmp/we\"ird\\dir/lib $(id) `x`;.so""#)
        let body = Array(line.utf8.dropFirst("1-file-symbol-file ".count))
        #expect(GdbArgvModel.buildargv(body) == [Array(path.utf8)])
        #expect(GdbArgvModel.miArgv(body) == [Array(path.utf8)])
        #expect {
            try MICommand("-file-symbol-file", .path("/tmp/lib\u{E9}.so")).encoded(token: 1)
        } throws: { error in
            (error as? MIEncodingError)?.reason.contains("MICommand.console") == true
        }
    }

    @Test func identifierForCxxNames() throws {
        #expect(try MICommand("-x", .identifier("std::vector<int, std::allocator<int> >::~vector")).encoded(token: 1)
            == #"1-x "std::vector<int, std::allocator<int> >::~vector""#)
        #expect(try ConsoleCommand("info scope", .identifier("ns::f<int>")).rendered() == "info scope ns::f<int>")
        #expect(try ConsoleCommand("info address", .identifier("mi_sys.ko.text")).rendered() == "info address mi_sys.ko.text")
    }

    @Test(arguments: [
        "",
        "foo\"bar",
        "foo'bar",
        "foo\nbar",
        "foo\r-gdb-exit",
        "x\n-gdb-exit",
        "x\n1-interpreter-exec console \"shell id\"",
        "foo\\bar",
        "foo;shell id",
        "foo`id`",
        "$(id)",
        "a$(id)",
        "-gdb-exit",
        "--",
        " leading",
        "trailing ",
        "0x1000",
        "1abc",
        "f(int)",
        "a|b",
        "!id",
        "caf\u{E9}",
        "nul\u{0}byte",
    ])
    func identifierRefusesHostileText(text: String) {
        #expect(throws: MIEncodingError.self) {
            try MICommand("-data-evaluate-expression", .identifier(text)).encoded(token: 1)
        }
        #expect(throws: MIEncodingError.self) {
            try MICommand.console(ConsoleCommand("info line", .identifier(text))).encoded(token: 1)
        }
    }

    @Test(arguments: ["", "a\nb", "a\rb", "a\u{0}b", "/lib/x.so\n-gdb-exit", "/lib/x.so\n1-interpreter-exec console \"shell id\""])
    func miPathRefusesLineBreaksAndNul(text: String) {
        #expect(throws: MIEncodingError.self) {
            try MICommand("-file-symbol-file", .path(text)).encoded(token: 1)
        }
    }

    /// `source` takes the rest of its line as the file name: quotes, backslashes and any byte
    /// are themselves; a relative path gets `./` (clear of `-v`/`-s` and leading blanks).
    @Test(arguments: [("/tmp/a\"b", "/tmp/a\"b"), ("a'b", "./a'b"), ("a\\b", "./a\\b"), ("-v", "./-v"), (" x", "./ x"),
                      ("/caf\u{E9}/h.py", "/caf\u{E9}/h.py"), ("/a\tb", "/a\tb"), ("~/h.py", "./~/h.py")])
    func rawPathIsTheRestOfTheLine(text: String, sent: String) throws {
        #expect(try ConsoleCommand("source", .rawPath(text)).rendered() == "source " + sent)
    }

    @Test(arguments: ["", "x ", "x\t", "a\nb", "a\rb", "a\u{0}b", "/a ~b/h.py"])
    func rawPathRefusesWhatSourceCannotTake(text: String) throws {
        #expect(throws: MIEncodingError.self) { try ConsoleCommand("source", .rawPath(text)).rendered() }
    }

    @Test func rawPathForSource() throws {
        #expect(try MICommand.console(ConsoleCommand("source", .rawPath("/work/GdbScripts/slabhound helper.py"))).encoded(token: 2)
            == #"2-interpreter-exec console "source /work/GdbScripts/slabhound helper.py""#)
    }

    @Test func shellWordIsJustAnArgument() throws {
        // "shell" as an identifier is a symbol name in argument position, never a command.
        let line = try MICommand.console(ConsoleCommand("info line", .identifier("shell"))).encoded(token: 9)
        #expect(line == #"9-interpreter-exec console "info line shell""#)
    }

    @Test func cStringKeepsEverythingOnOneLine() throws {
        let line = try MICommand("-slabhound-resolve", .cString("a\nb\"c\\d\u{1}\u{FF}")).encoded(token: 4)
        #expect(line == #"4-slabhound-resolve "a\nb\"c\\d\001\303\277""#)
        #expect(throws: MIEncodingError.self) { try MICommand("-x", .cString("a\u{0}")).encoded(token: 1) }
    }

    @Test func errorSaysWhatAndWhy() {
        do {
            _ = try MICommand("-x", .identifier("a;b")).encoded(token: 1)
            Issue.record("accepted")
        } catch let error as MIEncodingError {
            #expect(error.text == "a;b")
            #expect(error.reason.contains(";"))
            #expect(error.description.contains("a;b"))
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Any text either is refused, or becomes exactly one line in which the quoted
    /// argument decodes back to the original bytes.
    @Test func anyTextThrowsOrRoundTripsOnOneLine() throws {
        var generator = SplitMix(seed: 42)
        let pieces: [String] = ["a", "/", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "$(", "`", ";", "-gdb-exit",
                                "\u{E9}", "\u{1F600}", "\u{7F}", "\u{1}", "0x", "shell ", "'", "\\n", "\\\""]
        var encodedCount = 0, consoleCount = 0
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 8)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            // What gdb must read for a path: `./` in front of a relative one.
            let path = text.hasPrefix("/") ? Array(text.utf8) : Array("./".utf8) + Array(text.utf8)
            let unprotectable = text.isEmpty || text.utf8.contains(0) || GdbArgvModel.tildeMayExpand(path)
            for argument in [MIArgument.path(text), .cString(text)] {
                guard let line = try? MICommand("-file-symbol-file", argument).encoded(token: 1) else {
                    if argument == .cString(text) {
                        #expect(text.utf8.contains(0))
                    } else {
                        #expect(unprotectable || path.contains(where: { $0 < 0x20 || $0 > 0x7E }))
                    }
                    continue
                }
                encodedCount += 1
                #expect(!line.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }), "not one printable line: \(line)")
                let prefix = "1-file-symbol-file \""
                #expect(line.hasPrefix(prefix) && line.hasSuffix("\""))
                let body = String(line.dropFirst(prefix.count).dropLast())
                #expect(MIParser.decodeCString(body: body) == (argument == .cString(text) ? Array(text.utf8) : path))
            }
            // Console lines are quoted twice (buildargv word, then MI c-string): one printable
            // line that gdb splits back into exactly the path; refused only when gdb could not
            // read the path whatever the quoting.
            guard let line = try? MICommand.console(ConsoleCommand("add-symbol-file", .path(text), "-o", 16)).encoded(token: 2) else {
                #expect(unprotectable, "refused: \(text.debugDescription)")
                continue
            }
            #expect(!unprotectable, "accepted: \(text.debugDescription)")
            consoleCount += 1
            #expect(!line.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }))
            let cli = Self.cliLine(line) ?? []
            #expect(cli.starts(with: Array("add-symbol-file ".utf8)))
            #expect(GdbArgvModel.buildargv(Array(cli.dropFirst("add-symbol-file ".count))) == [path, Array("-o".utf8), Array("16".utf8)],
                    "\(text.debugDescription)")
        }
        #expect(encodedCount > 1_000)
        #expect(consoleCount > 3_000)
    }
}
