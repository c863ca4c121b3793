import Testing
@testable import GdbMI

/// The parser on real gdb-multiarch 13.1 output recorded on this machine.
@Suite struct MIParserFixtureTests {
    @Test func everyRecordedLineParses() throws {
        for name in ["gdb-multiarch-13.1-session.mi", "gdb-multiarch-13.1-escapes.mi"] {
            for line in try FixtureLoader.lines(name) {
                let record = MIParser.parse(bytes: line)
                if case .unparsed(let text) = record {
                    Issue.record("\(name): not parsed: \(text)")
                }
            }
        }
    }

    @Test func sessionHasExpectedShape() throws {
        let records = try FixtureLoader.lines("gdb-multiarch-13.1-session.mi").map { MIParser.parse(bytes: $0) }

        // Startup notifications arrive unasked, before the first prompt.
        #expect(records.first == .notifyAsync(token: nil, asyncClass: "thread-group-added", results: ["id": .string(Array("i1".utf8))]))
        let firstPrompt = try #require(records.firstIndex(of: .prompt))
        #expect(records[..<firstPrompt].allSatisfy { $0.isAsync })

        // Results matched by token.
        let results = records.compactMap { record -> (UInt64?, MIResultClass, MITuple)? in
            if case .result(let token, let resultClass, let tuple) = record { return (token, resultClass, tuple) }
            return nil
        }
        #expect(results.map(\.0) == Array(1...15).map { Optional(UInt64($0)) })
        let evaluate = try #require(results.first { $0.0 == 2 })
        #expect(evaluate.1 == .done)
        #expect(evaluate.2["value"]?.stringValue == "3")

        let noSymbols = try #require(results.first { $0.0 == 3 })
        #expect(noSymbols.1 == .error)
        #expect(noSymbols.2["msg"]?.stringValue == "No symbol table is loaded.  Use the \"file\" command.")

        let undefined = try #require(results.first { $0.0 == 14 })
        #expect(undefined.2["code"]?.stringValue == "undefined-command")
        #expect(results.last?.1 == .exit)
    }

    @Test func consoleOutputJoinsAcrossRecords() throws {
        let records = try FixtureLoader.lines("gdb-multiarch-13.1-session.mi").map { MIParser.parse(bytes: $0) }
        // `help` (token 4): its console text is split mid-line over records; only the joined
        // bytes give whole lines.
        let end = try #require(records.firstIndex { $0.token == 4 })
        let start = try #require(records[..<end].lastIndex { $0.token == 3 })
        var joined: [UInt8] = []
        for record in records[start..<end] {
            if case .consoleStream(let bytes) = record { joined += bytes }
        }
        let text = String(decoding: joined, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains("Type \"help\" followed by a class name for a list of commands in that class."))
        #expect(lines.contains("Type \"help\" followed by command name for full documentation."))
        #expect(lines.first == "List of classes of commands:")
    }

    @Test func nestedTuplesListsAndResultLists() throws {
        let records = try FixtureLoader.lines("gdb-multiarch-13.1-session.mi").map { MIParser.parse(bytes: $0) }
        guard case .result(_, .done, let table) = try #require(records.first { $0.token == 12 }) else {
            Issue.record("no -break-list result"); return
        }
        let breakpointTable = try #require(table["BreakpointTable"])
        #expect(breakpointTable["nr_rows"]?.intValue == 1)
        let headers = try #require(breakpointTable["hdr"]?.listValue)
        #expect(headers.count == 6)
        #expect(headers.map { $0["col_name"]?.stringValue } == ["number", "type", "disp", "enabled", "addr", "what"])
        let body = try #require(breakpointTable["body"])
        guard case .resultList(let rows) = body else { Issue.record("body is not a result list: \(body)"); return }
        #expect(rows.keys == ["bkpt"])
        let bkpt = try #require(body.allValues(forKey: "bkpt").first)
        #expect(bkpt["addr"]?.uint64Value == 0x518)
        #expect(bkpt["thread-groups"] == .list([.string(Array("i1".utf8))]))

        guard case .result(_, .done, let disassembly) = try #require(records.first { $0.token == 7 }) else {
            Issue.record("no disassembly"); return
        }
        let instructions = try #require(disassembly["asm_insns"]?.listValue)
        #expect(instructions.count == 6)
        #expect(instructions[0]["inst"]?.stringValue == "add\tr12, r12, #4096\t@ 0x1000")
        #expect(instructions[2]["func-name"]?.stringValue == "main")
        #expect(instructions.compactMap { $0["address"]?.uint64Value } == [0x400, 0x404, 0x408, 0x40a, 0x40c, 0x40e])
    }

    @Test func octalEscapesBecomeRawBytes() throws {
        let records = try FixtureLoader.lines("gdb-multiarch-13.1-escapes.mi").map { MIParser.parse(bytes: $0) }
        let streams = records.compactMap { record -> [UInt8]? in
            if case .consoleStream(let bytes) = record { return bytes }
            return nil
        }
        // `echo \377\001caf\303\251\n` — 0xFF is not UTF-8 and must survive as a byte.
        #expect(streams[0] == [0xFF, 0x01] + Array("café\n".utf8))
        // Python's print("a\tb\x7f\xe9"): UTF-8 é written by gdb as \303\251.
        #expect(streams[1] == Array("a\tb\u{7F}é\n".utf8))
        #expect(records.contains(.logStream(Array("Undefined command: \"nosuchcmd\".  Try \"help\".\n".utf8))))
    }
}
