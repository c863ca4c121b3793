import Testing
import TestSupport
@testable import GdbMI

@Suite struct MIParserTests {
    private func s(_ text: String) -> MIValue { .string(Array(text.utf8)) }

    @Test func tokensOnResultsAndAsyncRecords() {
        #expect(MIParser.parse(line: "42^done") == .result(token: 42, resultClass: .done, results: MITuple()))
        #expect(MIParser.parse(line: "^running") == .result(token: nil, resultClass: .running, results: MITuple()))
        #expect(MIParser.parse(line: "18446744073709551615^exit") == .result(token: UInt64.max, resultClass: .exit, results: MITuple()))
        #expect(MIParser.parse(line: "7*stopped,reason=\"exited-normally\"") == .execAsync(token: 7, asyncClass: "stopped", results: ["reason": s("exited-normally")]))
        #expect(MIParser.parse(line: "+download,section=\".text\"") == .statusAsync(token: nil, asyncClass: "download", results: ["section": s(".text")]))
        #expect(MIParser.parse(line: "=library-loaded,id=\"/lib/x.so\",ranges=[{from=\"0x1\",to=\"0x2\"}]")
            == .notifyAsync(token: nil, asyncClass: "library-loaded", results: ["id": s("/lib/x.so"), "ranges": .list([.tuple(["from": s("0x1"), "to": s("0x2")])])]))
    }

    @Test func tokenOverflowIsUnparsed() {
        let line = "18446744073709551616^done"
        #expect(MIParser.parse(line: line) == .unparsed(line))
    }

    @Test func promptWithAndWithoutTrailingBlankAndCRLF() {
        #expect(MIParser.parse(line: "(gdb) ") == .prompt)
        #expect(MIParser.parse(line: "(gdb)") == .prompt)
        #expect(MIParser.parse(line: "(gdb) \r\n") == .prompt)
        #expect(MIParser.parse(line: "1^done\r\n") == .result(token: 1, resultClass: .done, results: MITuple()))
    }

    @Test func duplicateKeysAreKeptInOrder() {
        let record = MIParser.parse(line: "3^done,stack=[frame={level=\"0\",addr=\"0x10\"},frame={level=\"1\",addr=\"0x20\"}],x=\"a\",x=\"b\"")
        guard case .result(3, .done, let results) = record else { Issue.record("\(record)"); return }
        #expect(results["x"] == s("a"))
        #expect(results.allValues(forKey: "x") == [s("a"), s("b")])
        let stack = results["stack"]
        #expect(stack?.allValues(forKey: "frame").map { $0["addr"]?.uint64Value } == [0x10, 0x20])
        #expect(stack?.listValue?.count == 2)
    }

    @Test func emptyContainersAndNesting() {
        let record = MIParser.parse(line: "^done,a={},b=[],c=[[],[\"x\"],{}],d={e={f=[g=\"1\"]}}")
        guard case .result(nil, .done, let r) = record else { Issue.record("\(record)"); return }
        #expect(r["a"] == .tuple(MITuple()))
        #expect(r["b"] == .list([]))
        #expect(r["c"] == .list([.list([]), .list([s("x")]), .tuple(MITuple())]))
        #expect(r["d"]?["e"]?["f"] == .resultList(["g": s("1")]))
    }

    @Test func mi2MultiLocationBareTuplesAreKept() {
        // MI2 prints extra breakpoint locations as bare tuples after the first result.
        let record = MIParser.parse(line: "^done,bkpt={number=\"1\"},{number=\"1.1\"},{number=\"1.2\"}")
        guard case .result(_, .done, let r) = record else { Issue.record("\(record)"); return }
        #expect(r.keys == ["bkpt", "", ""])
        #expect(r.allValues(forKey: "").map { $0["number"]?.stringValue } == ["1.1", "1.2"])
    }

    @Test func cStringEscapes() {
        #expect(MIParser.parse(line: #"~"a\"b\\c\n\t\r\e\a""#) == .consoleStream(Array("a\"b\\c\n\t\r\u{1B}\u{07}".utf8)))
        #expect(MIParser.parse(line: #"~"\377\0\1\12x""#) == .consoleStream([0xFF, 0, 1, 0x0A, UInt8(ascii: "x")]))
        #expect(MIParser.parse(line: #"@"\x41\x4a""#) == .targetStream([0x41, 0x4A]))
        #expect(MIParser.parse(line: #"&"\q""#) == .logStream([UInt8(ascii: "q")]))
        #expect(MIParser.decodeCString(body: #"\303\251t\303\251"#) == Array("été".utf8))
        // Octal escapes take at most three digits.
        #expect(MIParser.parse(line: #"~"\1234""#) == .consoleStream([0o123, UInt8(ascii: "4")]))
    }

    @Test func stringValueIsLossyButBytesAreExact() {
        let record = MIParser.parse(line: #"^done,value="\377ok""#)
        guard case .result(_, _, let r) = record else { Issue.record("\(record)"); return }
        #expect(r["value"]?.bytesValue == [0xFF, 0x6F, 0x6B])
        #expect(r["value"]?.stringValue == "\u{FFFD}ok")
    }

    @Test(arguments: [
        "",
        "hello world",
        "warning: Could not load shared library symbols for 3 libraries",
        "^",
        "^bogus",
        "^done,",
        "^done,x",
        "^done,x=",
        "^done,x=\"unterminated",
        "^done,x={a=\"1\"",
        "^done,x=[\"a\"",
        "^done,x=[a=\"1\" \"b\"]",
        "^done,x=\"1\"trailing",
        "^done x",
        "~unquoted",
        "~\"ok\"extra",
        "12~\"token on a stream\"",
        "(gdb) extra",
        "\u{FFFD}\u{0}\u{1}",
        "=",
        "*",
        "123",
    ])
    func malformedLinesAreUnparsed(line: String) {
        #expect(MIParser.parse(line: line) == .unparsed(line))
    }

    @Test func invalidUTF8LineIsUnparsedNotACrash() {
        let record = MIParser.parse(bytes: [0xFF, 0xFE, 0x5E, 0x00, 0xC3])
        guard case .unparsed(let text) = record else { Issue.record("\(record)"); return }
        #expect(text.unicodeScalars.contains("\u{FFFD}"))
    }

    @Test func deepNestingIsRefusedNotAStackOverflow() {
        let deep = "^done,x=" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        guard case .unparsed = MIParser.parse(line: deep) else { Issue.record("deep nesting accepted"); return }
        let fine = "^done,x=" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        guard case .result = MIParser.parse(line: fine) else { Issue.record("moderate nesting refused"); return }
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(seed: 0x5eed)
        let alphabet: [UInt8] = Array("^*+=~@&{}[],=\"\\0123456789abcdefx(gdb) ".utf8) + [0, 0xFF, 0x0A]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            _ = MIParser.parse(bytes: bytes)
        }
    }
}
