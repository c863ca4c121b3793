import Testing
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
        #expect(try command.encoded(token: 3) == #"3-interpreter-exec console "add-symbol-file \"/x/lib.so\" -o 0x10000000""#)
        // The CLI line inside decodes back to what the CLI must see.
        let line = try command.encoded(token: 3)
        let quoted = String(line[line.range(of: "console ")!.upperBound...])
        #expect(MIParser.decodeCString(body: String(quoted.dropFirst().dropLast()))
            == Array(#"add-symbol-file "/x/lib.so" -o 0x10000000"#.utf8))
    }

    @Test func pathsWithQuotesBackslashesAndUnicodeAreQuoted() throws {
        let path = #"/tmp/we"ird\dir/libé $(id) `x`;.so"#
        let line = try MICommand("-file-symbol-file", .path(path)).encoded(token: 1)
        #expect(line == #"1-file-symbol-file "/tmp/we\"ird\\dir/lib\303\251 $(id) `x`;.so""#)
        #expect(!line.contains("\n"))
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
    func pathRefusesLineBreaksAndNul(text: String) {
        #expect(throws: MIEncodingError.self) {
            try MICommand("-file-symbol-file", .path(text)).encoded(token: 1)
        }
    }

    @Test(arguments: ["/tmp/a\"b", "a'b", "a\\b", "-x", " x", "x ", "caf\u{E9}", "a\tb", "a\nb"])
    func rawPathIsStrict(text: String) {
        #expect(throws: MIEncodingError.self) {
            try ConsoleCommand("source", .rawPath(text)).rendered()
        }
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
        var generator = SplitMix64(seed: 42)
        let pieces: [String] = ["a", "/", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "$(", "`", ";", "-gdb-exit",
                                "\u{E9}", "\u{1F600}", "\u{7F}", "\u{1}", "0x", "shell ", "'", "\\n", "\\\""]
        var encodedCount = 0
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 8)
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            for argument in [MIArgument.path(text), .cString(text)] {
                guard let line = try? MICommand("-file-symbol-file", argument).encoded(token: 1) else {
                    #expect(text.isEmpty || text.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }))
                    continue
                }
                encodedCount += 1
                #expect(!line.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }), "not one printable line: \(line)")
                let prefix = "1-file-symbol-file \""
                #expect(line.hasPrefix(prefix) && line.hasSuffix("\""))
                let body = String(line.dropFirst(prefix.count).dropLast())
                #expect(MIParser.decodeCString(body: body) == Array(text.utf8))
            }
            // Console lines are quoted twice (CLI then MI): still one line that decodes to the CLI line.
            if let line = try? MICommand.console(ConsoleCommand("add-symbol-file", .path(text))).encoded(token: 2) {
                #expect(!line.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }))
                let body = String(line.dropFirst("2-interpreter-exec console \"".count).dropLast())
                let cli = MIParser.decodeCString(body: body)
                #expect(cli == Array(("add-symbol-file " + MICString.quoted(text)).utf8))
            }
        }
        #expect(encodedCount > 1_000)
    }
}
