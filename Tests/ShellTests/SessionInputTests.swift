import Foundation
import Testing

extension ShellBinaryTests {
    /// In the shell, stdin is the terminal or the stream of commands: a command given no FILE
    /// reads the session (`blame`: its backtraces, `oom`: its OOM reports) and `-` is refused —
    /// it would hang at the prompt or swallow the commands after it. Batch mode with -ex leaves
    /// stdin to a command's `-`.
    @Suite struct SessionInputTests {
        func run(_ arguments: [String], input: String = "") throws -> SlabhoundBinary.Result {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            return try SlabhoundBinary.run(arguments, input: input, home: home)
        }

        @Test func commandsOnStdinAreNotReadAsData() throws {
            let result = try run([], input: "blame\noom\nsymbolize\ntrend -\ncompare -\ncapture -\nshow page-size\n")
            #expect(result.status == 64)
            // The last command ran: nothing before it read the rest of stdin.
            #expect(result.stdout == "page-size  4096\n")
            #expect(result.stderr.contains("no allocation backtraces in the session yet"))
            #expect(result.stderr.contains("no OOM-killer report in the session yet"))
            #expect(result.stderr.components(separatedBy: "stdin is where the shell reads its commands").count - 1 == 4)
        }

        @Test func batchWithExLeavesStdinToTheCommand() throws {
            let series = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("CapturesTests/Fixtures/snapshots/seed-free-series.txt"), encoding: .utf8)
            let result = try run(["-batch", "-ex", "trend --json -"], input: series)
            #expect(result.status == 0, "\(result.stderr)")
            let trend = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            #expect(trend?["samples"] as? Int == 27)
        }

        @Test func oomWithoutFileReadsTheSession() throws {
            let oom = try Fixtures.text("seed-oom-report.txt")
            let result = try run([], input: oom + "\n\noom --json\n")
            #expect(result.status == 0, "\(result.stderr)")
            let document = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("{") })
            let reports = (try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])?["reports"] as? [[String: Any]]
            #expect(reports?.count == 1)
            #expect(reports?.first?["task"] as? String == "venc0_P0_MAIN")
        }

        @Test(.enabled(if: BoardFixtures.available, "needs the ARM fixtures"))
        func blameWithoutFileReadsTheSession() throws {
            let blame = try run(["-batch", "--json", "-ex", "capture \(BoardFixtures.path("print_trace.log"))", "-ex", "load \(BoardFixtures.path("rootfs"))",
                                 "-ex", "blame"])
            #expect(blame.status == 0, "\(blame.stderr)")
            let sites = try #require((try JSONSerialization.jsonObject(with: Data((blame.stdout.split(separator: "\n").last ?? "").utf8))
                as? [String: Any])?["sites"] as? [[String: Any]])
            // The session's 19 backtraces, grouped and located (not paired: outstanding unknown).
            #expect(sites.count == 6)
            #expect(sites.reduce(0) { $0 + ($1["allocations"] as? Int ?? 0) } == 19)
            #expect(sites.contains { $0["function"] as? String == "md_alloc_history" && $0["line"] as? Int == 126 })
            let paired = try run(["-batch", "-ex", "capture \(BoardFixtures.path("print_trace.log"))",
                                  "-ex", "blame --alloc 'alloc (?<addr>0x[0-9a-f]+)' --free 'free (?<addr>0x[0-9a-f]+)'"])
            #expect(paired.status == 64)
            #expect(paired.stderr.contains("give the allocation log FILE"))
        }

        @Test func aBareCommandAtThePromptDoesNotHang() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let tmux = try TmuxSession(home: home)
            #expect(try tmux.waitForPrompt(count: 1))
            for (count, command) in ["symbolize", "blame", "show page-size"].enumerated() {
                try tmux.type(command)
                try tmux.press("Enter")
                #expect(try tmux.waitForPrompt(count: count + 2), "`\(command)` did not come back to the prompt")
            }
            #expect(try tmux.screen().contains("(slabhound) show page-size\npage-size  4096"))
        }
    }
}
