import Foundation
import Testing

extension ShellBinaryTests {
    /// gdb-style batch mode and stdin mode, on the real binary (no terminal involved).
    @Suite struct BatchModeTests {
        let batchDirectory = Fixtures.directory.appendingPathComponent("batch")

        func run(_ arguments: [String], input: String = "") throws -> SlabhoundBinary.Result {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            return try SlabhoundBinary.run(arguments, input: input, home: home, directory: batchDirectory)
        }

        @Test func exCommandsRunInOrder() throws {
            let result = try run(["-batch", "-ex", "show page-size", "-ex", "set page-size 64k", "-ex", "show page-size"])
            #expect(result.status == 0)
            #expect(result.stderr == "")
            try Golden.check(result.stdout, against: "ex-in-order.out")
        }

        @Test func commandFileRunsLikeTypedLines() throws {
            let result = try run(["-batch", "-x", "settings.cmds"])
            #expect(result.status == 0)
            #expect(result.stderr == "")
            try Golden.check(result.stdout, against: "settings.out")
        }

        @Test func fileAndExInterleaveInCommandLineOrder() throws {
            let result = try run(["-batch", "-ex", "show page-size", "-x", "sets-64k.cmds", "-ex", "show page-size"])
            #expect(result.status == 0)
            #expect(result.stdout == "page-size  4096\npage-size  65536\n")
        }

        @Test func aFailingCommandMakesTheExitStatusNonZeroButLaterExRun() throws {
            let result = try run(["-batch", "-ex", "show page-size", "-ex", "frobnicate", "-ex", "show colour"])
            #expect(result.status == 64)
            try Golden.check(result.stdout, against: "failing-ex.out")
            try Golden.check(result.stderr, against: "failing-ex.err")
        }

        /// The exit status is the first failing command's own code — the code the same command
        /// exits with on the command line — and later -ex commands still run, as in gdb.
        @Test func theExitStatusIsTheFirstFailingCommandsOwnCode() throws {
            // `locate` exits 1 when a location does not resolve (here: no such library under --symbols).
            let direct = try run(["locate", "--symbols", ".", "--no-cache", "libnothing.so+0x10"])
            #expect(direct.status == 1)
            let locateFirst = try run(["-batch", "-ex", "locate --symbols . --no-cache libnothing.so+0x10",
                                       "-ex", "frobnicate", "-ex", "show page-size"])
            #expect(locateFirst.status == 1)
            #expect(locateFirst.stdout.hasSuffix("page-size  4096\n"))
            let usageFirst = try run(["-batch", "-ex", "trend --page-size 3 x.log", "-ex", "locate --symbols . --no-cache libnothing.so+0x10"])
            #expect(usageFirst.status == 64)
            let unreadable = try run(["-batch", "-ex", "show page-size", "-ex", "set symbols /no/such/dir", "-ex", "frobnicate"])
            #expect(unreadable.status == 66)
            let unrecognisedPaste = try run([], input: "paste\nnothing a board prints\n\nshow page-size\n")
            #expect(unrecognisedPaste.status == 65)
            #expect(unrecognisedPaste.stdout == "page-size  4096\n")
            let allGood = try run(["-batch", "-ex", "show page-size", "-ex", "trend ../seed-free-lines.txt"])
            #expect(allGood.status == 0)
        }

        @Test func quitStatusEndsTheBatchAtOnce() throws {
            let result = try run(["-batch", "-ex", "frobnicate", "-ex", "quit 7", "-ex", "show page-size"])
            #expect(result.status == 7)
            #expect(result.stdout == "")
        }

        @Test func aFailingCommandStopsItsFile() throws {
            let result = try run(["-batch", "-x", "stops-at-error.cmds"])
            #expect(result.status == 64)
            #expect(result.stdout == "page-size  4096\n")
            #expect(result.stderr.contains("stops-at-error.cmds:2: command failed"))
            #expect(!result.stdout.contains("colour"))
        }

        @Test func missingCommandFileSaysWhatToDo() throws {
            let result = try run(["-batch", "-x", "no-such.cmds"])
            #expect(result.status == 66)
            #expect(result.stderr.contains("cannot read no-such.cmds: no such file"))
        }

        @Test func subcommandParseErrorsComeFromTheSameParserAsTheCommandLine() throws {
            let shell = try run(["-batch", "-ex", "trend some.log --no-such-flag"])
            let direct = try run(["trend", "some.log", "--no-such-flag"])
            #expect(shell.status != 0)
            #expect(direct.status != 0)
            #expect(shell.stderr.contains("--no-such-flag"))
            #expect(shell.stderr == direct.stderr)
        }

        @Test func helpListsEveryCommandOfTheTable() throws {
            let result = try run(["-batch", "-ex", "help"])
            #expect(result.status == 0)
            for name in ["symbolize", "locate", "trend", "compare", "oom", "collector", "help", "set", "show", "source", "paste", "quit"] {
                #expect(result.stdout.contains("  \(name)"), "help does not list \(name)")
            }
            #expect(!result.stdout.contains("sleep"))
            let one = try run(["-batch", "-ex", "help trend"])
            #expect(one.status == 0)
            #expect(one.stdout.contains("USAGE: slabhound trend"))
            // On the command line too, as the root's --help says ('slabhound help <subcommand>').
            let direct = try run(["help", "trend"])
            #expect(direct.status == 0)
            #expect(direct.stdout.contains("USAGE: slabhound trend"), "\(direct.stdout.prefix(300))")
        }

        @Test func jsonGivesOneDocumentPerCommand() throws {
            let result = try run(["-batch", "--json", "-ex", "show", "-ex", "set page-size 16k", "-ex", "help"])
            #expect(result.status == 0)
            let documents = result.stdout.split(separator: "\n")
            #expect(documents.count == 3)
            for document in documents {
                let object = try JSONSerialization.jsonObject(with: Data(document.utf8))
                #expect(object is [String: Any])
            }
            let afterSet = try JSONSerialization.jsonObject(with: Data(documents[1].utf8)) as? [String: Any]
            #expect(afterSet?["page-size"] as? Int == 16384)
        }

        @Test func globalSymbolsAndGdbReachTheSession() throws {
            let result = try run(["--symbols", batchDirectory.path, "--gdb", "/bin/sh", "-batch", "-ex", "show symbols", "-ex", "show gdb"])
            #expect(result.status == 0)
            #expect(result.stdout == "symbols  \(batchDirectory.path)\ngdb  /bin/sh\n")
        }

        @Test func stdinCommandsWithoutPromptOrEscapes() throws {
            let result = try run([], input: "show page-size\nset page-size 16k\nshow page-size\n")
            #expect(result.status == 0)
            #expect(result.stdout == "page-size  4096\npage-size  16384\n")
            #expect(!result.stdout.contains("(slabhound)"))
            #expect(!result.stdout.contains("\u{1B}"))
        }

        @Test func stdinFailureAndQuitStatus() throws {
            let failed = try run([], input: "show colour\nnot-a-command\n")
            #expect(failed.status == 64)
            #expect(failed.stderr.contains("unknown command `not-a-command`"))
            let quit = try run([], input: "quit 3\nshow colour\n")
            #expect(quit.status == 3)
            #expect(quit.stdout == "")
        }

        @Test func stdinPasteOfAPrintTraceBlockIsRecognised() throws {
            let block = try Fixtures.text("method-print-trace.txt")
            let result = try run([], input: block + "\nshow page-size\n")
            #expect(result.status == 0)
            // Every pasted line comes back (annotated or not) before the next command's output.
            for line in block.split(separator: "\n") {
                #expect(result.stdout.contains(line), "pasted line missing: \(line)")
            }
            #expect(result.stdout.hasSuffix("page-size  4096\n"))
            #expect(!result.stderr.contains("unknown command"))
        }

        @Test func batchWithoutCommandsReadsStdin() throws {
            let result = try run(["-batch"], input: "show page-size\n")
            #expect(result.status == 0)
            #expect(result.stdout == "page-size  4096\n")
        }

        @Test func jsonReachesARealSubcommandThroughTheSameParser() throws {
            // `trend` is another team's command: the shell only appends --json for it.
            let result = try run(["-batch", "--json", "-ex", "trend ../seed-free-lines.txt", "-ex", "show page-size"])
            #expect(result.status == 0, "\(result.stderr)")
            let documents = result.stdout.split(separator: "\n")
            #expect(documents.count == 2)
            let trend = try JSONSerialization.jsonObject(with: Data((documents.first ?? "").utf8)) as? [String: Any]
            #expect(trend?["samples"] as? Int == 5)
            #expect(documents.last == #"{"page-size":4096}"#)
        }

        @Test func pastesInACommandFileAndTheLineOfItsFailure() throws {
            let result = try run(["-batch", "-x", "paste-then-error.cmds"])
            #expect(result.status == 64)
            #expect(result.stdout.hasPrefix("page-size  4096\n"))
            #expect(result.stdout.contains("/lib/libmi_sys.so(MI_SYS_MMA_Alloc+0x19) [0xb6e2863a]"))
            #expect(!result.stdout.contains("colour  "))
            #expect(result.stderr.contains("paste-then-error.cmds:6: command failed"), "\(result.stderr)")
        }
    }
}
