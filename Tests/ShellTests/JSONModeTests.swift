import Foundation
import Testing

extension ShellBinaryTests {
    /// Batch `--json`: every command line — the shell's own commands, dispatched ones, pastes,
    /// failures — prints exactly one JSON document on stdout, parsed here with JSONSerialization.
    @Suite struct JSONModeTests {
        let batchDirectory = Fixtures.directory.appendingPathComponent("batch")
        static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CapturesTests/Fixtures/snapshots")

        func run(_ arguments: [String], input: String = "") throws -> SlabhoundBinary.Result {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            return try SlabhoundBinary.run(arguments, input: input, home: home, directory: batchDirectory)
        }

        /// Each line of stdout as a JSON object; fails the test on a line that is not one.
        static func documents(_ stdout: String) throws -> [[String: Any]] {
            try stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
                return try #require(object as? [String: Any], "not a JSON object: \(line)")
            }
        }

        static func error(_ document: [String: Any]) -> (command: String?, message: String?, code: Int?) {
            (document["command"] as? String, document["error"] as? String, document["exit_code"] as? Int)
        }

        @Test func everyCommandPrintsOneDocument() throws {
            let start = Self.snapshots.appendingPathComponent("seed-snapshot-start.txt").path
            let leak = Self.snapshots.appendingPathComponent("seed-snapshot-leak.txt").path
            let commands = [
                "help", "help trend", "set page-size 16k", "show", "show colour", "source sets-64k.cmds",
                "capture \(start) \(leak)", "capture --show", "trend", "compare", "guide --no-locate",
                "load", "symbols", "collector --count 2", "oom seed-oom.txt",
                "quit 0",
            ]
            let arguments = ["-batch", "--json"] + commands.flatMap { ["-ex", $0] }
            // The OOM report of the seed, as a file next to the command files.
            let oom = batchDirectory.appendingPathComponent("seed-oom.txt")
            try Fixtures.text("seed-oom-report.txt").write(to: oom, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: oom) }
            let result = try run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let docs = try Self.documents(result.stdout)
            // `source` adds the documents of its file's command (one `set`) before its own.
            try #require(docs.count == commands.count + 1, "\(result.stdout)")
            #expect((docs[0]["commands"] as? [[String: Any]])?.contains { $0["name"] as? String == "trend" } == true)
            #expect((docs[0]["shell"] as? [[String: Any]])?.contains { $0["name"] as? String == "source" } == true)
            #expect(docs[1]["name"] as? String == "trend")
            #expect(docs[2]["page-size"] as? Int == 16384)
            #expect(docs[3]["page-size"] as? Int == 16384 && docs[3]["symbols"] is [Any])
            #expect(docs[4]["colour"] as? String == "auto")
            #expect(docs[5]["page-size"] as? Int == 65536)
            #expect(docs[6]["source"] as? String == "sets-64k.cmds" && docs[6]["commands"] as? Int == 1)
            #expect((docs[7]["session"] as? [String: Any])?["samples"] as? Int == 2)
            #expect(docs[8]["samples"] as? Int == 2)
            #expect(docs[9]["samples"] as? Int == 2)
            #expect((docs[10]["verdict"] as? [String: Any])?["kind"] as? String == "slab")
            #expect((docs[11]["steps"] as? [Any])?.count == 5)
            #expect(docs[12]["paths"] as? [String] == [])
            #expect(docs[13]["paths"] as? [String] == [])
            #expect((docs[14]["script"] as? String)?.hasPrefix("#!/bin/sh") == true && docs[14]["count"] as? Int == 2)
            #expect((docs[15]["reports"] as? [[String: Any]])?.first?["task"] as? String == "venc0_P0_MAIN")
            #expect(docs[16]["quit"] as? Int == 0)
        }

        @Test func failuresAreErrorDocumentsWithTheirExitCodes() throws {
            let result = try run(["-batch", "--json",
                                  "-ex", "frobnicate", "-ex", "set page-size 3", "-ex", "set symbols /no/such/dir",
                                  "-ex", "trend --page-size 3 x.log", "-ex", "compare", "-ex", "help nothing",
                                  "-ex", "source stops-at-error.cmds", "-ex", "source no-such.cmds",
                                  "-x", "no-such.cmds", "-ex", "show page-size"])
            #expect(result.status == 64)
            let docs = try Self.documents(result.stdout)
            // stops-at-error.cmds: `show page-size` succeeds, `set page-size 3000` fails, then
            // `source` itself fails.
            try #require(docs.count == 12, "\(result.stdout)")
            let expected: [(String, Int, String)] = [
                ("frobnicate", 64, "unknown command `frobnicate`"),
                ("set", 64, "usage: set page-size BYTES"),
                ("set", 66, "no such file or directory: /no/such/dir"),
                ("trend", 64, "--page-size must be a power of two"),
                ("compare", 64, "the session's capture is empty"),
                ("help", 64, "no command `nothing`"),
            ]
            for (document, (command, code, message)) in zip(docs, expected) {
                let error = Self.error(document)
                #expect(error.command == command)
                #expect(error.code == code)
                #expect(error.message?.contains(message) == true, "\(document)")
                #expect(document["line"] is String)
            }
            #expect(docs[6]["page-size"] as? Int == 4096)
            #expect(Self.error(docs[7]).command == "set" && Self.error(docs[7]).code == 64)
            #expect(Self.error(docs[8]).command == "source" && Self.error(docs[8]).code == 64)
            #expect(Self.error(docs[8]).message == "stops-at-error.cmds:2: command failed; the rest of stops-at-error.cmds is skipped.")
            #expect(Self.error(docs[9]).command == "source" && Self.error(docs[9]).code == 66)
            #expect(Self.error(docs[10]).command == "-x" && Self.error(docs[10]).code == 66)
            #expect(docs[11]["page-size"] as? Int == 4096)
            // The messages still reach stderr for the person watching.
            #expect(result.stderr.contains("unknown command `frobnicate`"))
        }

        @Test func pastesInJSONModeAreDocumentsToo() throws {
            let trace = try Fixtures.text("method-print-trace.txt")
            let meminfo = try Fixtures.lines("seed-meminfo-head.txt").prefix(5).joined(separator: "\n")
            let input = trace + "\n" + meminfo + "\n\npaste\njunk words\n\nquit --json\n"
            let result = try run(["--json"], input: input)
            #expect(result.status == 0)
            let docs = try Self.documents(result.stdout)
            try #require(docs.count == 4, "\(result.stdout)")
            #expect(docs[0]["pasted"] as? [String] == ["userBacktrace"])
            #expect(docs[0]["symbolized"] as? Bool == false)
            #expect(docs[1]["pasted"] as? [String] == ["meminfo"])
            #expect(docs[1]["samples_added"] as? Int == 1)
            #expect((docs[1]["added"] as? [String: Int])?["meminfo"] == 1)
            #expect(Self.error(docs[2]).command == "paste" && Self.error(docs[2]).code == 65)
            #expect(docs[3]["quit"] as? Int == 0)
        }

        @Test(.enabled(if: BoardFixtures.available, "needs the ARM fixtures"))
        func aPastedTraceWithSymbolsIsSymbolizesJSON() throws {
            let block = try BoardFixtures.firstPrintTraceBlock()
            let result = try run(["--symbols", BoardFixtures.path("rootfs"), "--json"], input: block.joined(separator: "\n") + "\n\n")
            #expect(result.status == 0, "\(result.stderr)")
            let docs = try Self.documents(result.stdout)
            try #require(docs.count == 1, "\(result.stdout)")
            let frames = try #require(docs[0]["frames"] as? [[String: Any]])
            #expect(frames.count == block.count - 1)
            #expect(frames.contains { ($0["function"] as? String) == "md_alloc_luma" })
        }

        @Test func aLineOfItsOwnCanAskForJSON() throws {
            // Without batch --json only the line with --json prints JSON; `source --json` passes
            // it on to its file's commands.
            let result = try run(["-batch", "-ex", "show page-size", "-ex", "frobnicate --json", "-ex", "source settings.cmds --json"])
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first == "page-size  4096")
            let rest = try Self.documents(lines.dropFirst().joined(separator: "\n") + "\n")
            #expect(Self.error(rest[0]).command == "frobnicate")
            #expect(rest.last?["source"] as? String == "settings.cmds")
        }
    }
}
