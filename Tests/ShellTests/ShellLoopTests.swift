import Foundation
import LineEditing
import Testing
@testable import Shell

/// Records what reaches it, so tests can check routing without parsing printed output.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var _commands: [[String]] = []
    private var _traces: [PastedText] = []
    private var _dumps: [PastedText] = []
    private var _sawState: [Bool] = []

    var commands: [[String]] { lock.withLock { _commands } }
    var traces: [PastedText] { lock.withLock { _traces } }
    var dumps: [PastedText] { lock.withLock { _dumps } }
    var sawState: [Bool] { lock.withLock { _sawState } }

    func command(_ words: [String], sawState: Bool) { lock.withLock { _commands.append(words); _sawState.append(sawState) } }
    func trace(_ paste: PastedText) { lock.withLock { _traces.append(paste) } }
    func dump(_ paste: PastedText) { lock.withLock { _dumps.append(paste) } }

    var hooks: ShellHooks {
        ShellHooks(symbolizeText: { paste, _ in self.trace(paste) },
                   appendToCapture: { paste, _ in self.dump(paste) },
                   statusLine: { _ in nil })
    }
}

/// A dispatcher with two commands: `trend` (has --json) succeeds, `fail` fails with status 3.
struct FakeDispatcher: CommandDispatcher {
    let recorder: Recorder
    var commands: [ShellCommandInfo] {
        [ShellCommandInfo(name: "trend", abstract: "Decide whether memory leaks.", options: ["--json", "--page-size"]),
         ShellCommandInfo(name: "fail", aliases: ["f"], abstract: "Always fails."),
         ShellCommandInfo(name: "secret", abstract: "Hidden.", isHidden: true)]
    }
    func help(for name: String) -> String? { name == "trend" ? "USAGE: trend FILE" : nil }
    func run(_ words: [String], state: ShellState) async -> CommandOutcome {
        recorder.command(words, sawState: ShellState.current === state)
        return words[0] == "fail" ? .failure(exitCode: 3) : .success
    }
}

@Suite struct ShellLoopTests {
    func makeShell(_ recorder: Recorder, options: ShellOptions = ShellOptions()) -> Shell {
        Shell(dispatcher: FakeDispatcher(recorder: recorder), hooks: recorder.hooks, options: options)
    }

    @Test func commandsReachTheDispatcherWithTheSessionState() async {
        let recorder = Recorder()
        let shell = makeShell(recorder)
        let status = await shell.run(source: ScriptedLineSource(lines: ["trend 'a log.txt' --json", "", "# a comment", "f x"]))
        #expect(recorder.commands == [["trend", "a log.txt", "--json"], ["fail", "x"]])
        #expect(recorder.sawState == [true, true])
        // Non-interactive input with a failed command: that command's code, so scripts notice.
        #expect(status == 3)
    }

    @Test func quitStopsAndSetsTheStatus() async {
        let recorder = Recorder()
        let status = await makeShell(recorder).run(source: ScriptedLineSource(lines: ["trend a", "quit 7", "trend b"]))
        #expect(status == 7)
        #expect(recorder.commands == [["trend", "a"]])
    }

    @Test func pastedLinesEndAtAnEmptyLineAndGoToTheRightHook() async throws {
        let recorder = Recorder()
        let trace = try Fixtures.lines("method-print-trace.txt")
        let meminfo = try Fixtures.lines("seed-meminfo-head.txt")
        let input = trace + [""] + ["trend after"] + meminfo + [""] + ["trend last"]
        let status = await makeShell(recorder).run(source: ScriptedLineSource(lines: input))
        #expect(status == 0)
        #expect(recorder.traces.map(\.text) == [trace.joined(separator: "\n")])
        #expect(recorder.traces.first?.kinds == [.userBacktrace])
        #expect(recorder.dumps.map(\.text) == [meminfo.joined(separator: "\n")])
        #expect(recorder.commands == [["trend", "after"], ["trend", "last"]])
    }

    @Test func bracketedPasteIsTakenWholeEvenWithEmptyLines() async throws {
        let recorder = Recorder()
        let oom = try Fixtures.text("seed-oom-report.txt")
        // Blank lines inside a bracketed paste do not end it (the seed's console had them).
        let spaced = oom.split(separator: "\n").joined(separator: "\n\n")
        let status = await makeShell(recorder).run(source: ScriptedLineSource([.paste(spaced), .line("trend x")]))
        #expect(status == 0)
        #expect(recorder.traces.count == 1)
        #expect(recorder.traces.first?.text == spaced.trimmingCharacters(in: .newlines))
        // An OOM report is a trace to symbolize and a memory report for the capture.
        #expect(recorder.dumps.count == 1)
        #expect(recorder.commands == [["trend", "x"]])
    }

    @Test func slabinfoHeaderIsNotAComment() async throws {
        let recorder = Recorder()
        // A paste that starts at slabinfo's `# name …` line (the version line cut off).
        let slab = Array(try Fixtures.lines("seed-slabinfo-head.txt").dropFirst())
        #expect(slab[0].hasPrefix("# name"))
        let status = await makeShell(recorder).run(source: ScriptedLineSource(lines: slab + ["", "# a real comment", "trend z"]))
        #expect(status == 0)
        #expect(recorder.dumps.map(\.text) == [slab.joined(separator: "\n")])
        #expect(recorder.commands == [["trend", "z"]])
    }

    @Test func pasteCommandCollectsUntilEmptyLine() async throws {
        let recorder = Recorder()
        let free = try Fixtures.lines("seed-free-lines.txt")
        _ = await makeShell(recorder).run(source: ScriptedLineSource(lines: ["paste"] + free + ["", "trend y"]))
        #expect(recorder.dumps.map(\.text) == [free.joined(separator: "\n")])
        #expect(recorder.dumps.first?.kinds == [.free])
        #expect(recorder.traces.isEmpty)
        #expect(recorder.commands == [["trend", "y"]])
    }

    @Test func unknownCommandFailsAndIsNotAPaste() async {
        let recorder = Recorder()
        let outcome = await makeShell(recorder).execute("frobnicate now")
        #expect(outcome == .failure(exitCode: 64))
        #expect(recorder.commands.isEmpty && recorder.traces.isEmpty && recorder.dumps.isEmpty)
    }

    @Test func forceJSONGoesOnlyToCommandsThatHaveIt() async {
        let recorder = Recorder()
        let shell = makeShell(recorder, options: ShellOptions(forceJSON: true))
        _ = await shell.run(source: ScriptedLineSource(lines: ["trend a", "trend b --json", "fail"]))
        #expect(recorder.commands == [["trend", "a", "--json"], ["trend", "b", "--json"], ["fail"]])
    }

    @Test func setAndShowKeepSettings() async throws {
        let recorder = Recorder()
        let shell = makeShell(recorder)
        let dir = FileManager.default.temporaryDirectory.path
        #expect(await shell.execute("set page-size 16k") == .success)
        #expect(await shell.execute("set colour off") == .success)
        #expect(await shell.execute("set symbols \(dir)") == .success)
        #expect(await shell.execute("set source-map /build/src /home/me/src") == .success)
        #expect(await shell.execute("set gdb sh") == .success)
        let settings = shell.state.settings
        #expect(settings.pageSize == 16384)
        #expect(settings.colour == .off)
        #expect(settings.symbolPaths == [dir])
        #expect(settings.mapSourcePath("/build/src/mi_sys.c") == "/home/me/src/mi_sys.c")
        #expect(settings.mapSourcePath("/build/srcfoo/x.c") == "/build/srcfoo/x.c")
        #expect(settings.gdbPath?.hasSuffix("/sh") == true)
        // Bad values are refused and leave the setting alone.
        // Usage errors are 64 (EX_USAGE), a named file that is not there 66 (EX_NOINPUT).
        #expect(await shell.execute("set page-size 3000") == .failure(exitCode: 64))
        #expect(await shell.execute("set symbols /no/such/dir") == .failure(exitCode: 66))
        #expect(await shell.execute("set gdb /no/such/gdb") == .failure(exitCode: 66))
        #expect(await shell.execute("set nonsense 1") == .failure(exitCode: 64))
        #expect(shell.state.settings == settings)
        #expect(await shell.execute("show page-size") == .success)
        #expect(await shell.execute("show bogus") == .failure(exitCode: 64))
    }

    @Test func settingsChangedHookSeesTheOldSettings() async {
        let seen = Recorder()
        let hooks = ShellHooks(settingsChanged: { old, state in
            seen.command(["\(old.pageSize)", "\(state.settings.pageSize)"], sawState: true)
        })
        let shell = Shell(dispatcher: EmptyDispatcher(), hooks: hooks)
        _ = await shell.execute("set page-size 64k")
        _ = await shell.execute("set page-size 65536")  // unchanged: no call
        #expect(seen.commands == [["4096", "65536"]])
    }

    @Test func sourceStopsAtTheFirstFailure() async throws {
        let recorder = Recorder()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shelltest-\(UUID()).cmds")
        try "trend one\nfail\ntrend never\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let shell = makeShell(recorder)
        let status = await shell.run(source: ScriptedLineSource(lines: ["source \(file.path)", "trend after"]))
        #expect(recorder.commands == [["trend", "one"], ["fail"], ["trend", "after"]])
        #expect(status == 3)
    }

    @Test func batchItemsRunInOrderAndFailuresSetTheStatus() async throws {
        let recorder = Recorder()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shelltest-\(UUID()).cmds")
        try "trend from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let shell = makeShell(recorder)
        let ok = await shell.runBatch([.command("trend first"), .file(file.path), .command("trend last")])
        #expect(ok == 0)
        #expect(recorder.commands == [["trend", "first"], ["trend", "from-file"], ["trend", "last"]])
        let failed = await shell.runBatch([.command("fail"), .command("trend still-runs")])
        #expect(failed == 3)
        #expect(recorder.commands.last == ["trend", "still-runs"])
        #expect(await shell.runBatch([.file("/no/such/file.cmds")]) == 66)
    }

    @Test func theFirstFailureGivesTheExitStatus() async throws {
        let shell = makeShell(Recorder())
        #expect(await shell.runBatch([.command("trend a"), .command("frobnicate"), .command("fail")]) == 64)
        #expect(await shell.runBatch([.command("fail"), .command("frobnicate"), .command("trend b")]) == 3)
        // A failure inside a sourced file is the `source` command's own code, and so the batch's.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shelltest-\(UUID()).cmds")
        try "trend one\nfail\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(await shell.execute("source \(file.path)") == .failure(exitCode: 3))
        #expect(await shell.runBatch([.command("source \(file.path)"), .command("frobnicate")]) == 3)
        #expect(await shell.run(source: ScriptedLineSource(lines: ["trend x", "set page-size 3", "fail"])) == 64)
    }

    @Test func completionOffersCommandsOptionsSettingsAndFiles() {
        let shell = makeShell(Recorder())
        let names = shell.completions(for: CompletionRequest(line: "", precedingWords: [], word: "")).words
        #expect(names.contains("trend") && names.contains("help") && names.contains("quit") && names.contains("f"))
        #expect(!names.contains("secret") && !names.contains("sleep"))
        #expect(shell.completions(for: CompletionRequest(line: "trend --", precedingWords: ["trend"], word: "--")).words == ["--json", "--page-size"])
        let file = shell.completions(for: CompletionRequest(line: "trend ", precedingWords: ["trend"], word: ""))
        #expect(file.includeFilenames)
        #expect(shell.completions(for: CompletionRequest(line: "set ", precedingWords: ["set"], word: "")).words
                == ["gdb", "page-size", "symbols", "colour", "source-map"])
        #expect(shell.completions(for: CompletionRequest(line: "set colour ", precedingWords: ["set", "colour"], word: "")).words
                == ["auto", "on", "off"])
        #expect(shell.completions(for: CompletionRequest(line: "source ", precedingWords: ["source"], word: "")).includeFilenames)
    }

    @Test func hookNamesAreOfferedForArguments() {
        let hooks = ShellHooks(completionWords: { context, _ in
            context.command == "trend" ? ["mi_sys", "mi_venc"] : []
        })
        let shell = Shell(dispatcher: FakeDispatcher(recorder: Recorder()), hooks: hooks)
        let answer = shell.completions(for: CompletionRequest(line: "trend mi", precedingWords: ["trend"], word: "mi"))
        #expect(answer.words == ["mi_sys", "mi_venc"])
    }

    @Test func colourRules() {
        #expect(TerminalStyle.colourAllowed(isTerminal: true, mode: .auto, environment: [:]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: false, mode: .auto, environment: [:]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, mode: .auto, environment: ["NO_COLOR": "1"]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, mode: .on, environment: ["NO_COLOR": "1"]))
        #expect(TerminalStyle.colourAllowed(isTerminal: false, mode: .on, environment: ["NO_COLOR": ""]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, mode: .off, environment: [:]))
        #expect(!TerminalStyle.colourAllowed(isTerminal: true, mode: .auto, environment: ["TERM": "dumb"]))
    }

    @Test func historyFileFollowsHome() {
        #expect(LineEditorConfiguration.defaultHistoryFile(environment: ["HOME": "/tmp/h"])?.path == "/tmp/h/.slabhound_history")
    }
}

@Suite struct PastedCommandTests {
    @Test func aBracketedPasteOfCommandLinesRunsThemInOrder() async {
        let recorder = Recorder()
        let shell = Shell(dispatcher: FakeDispatcher(recorder: recorder), hooks: recorder.hooks)
        let status = await shell.run(source: ScriptedLineSource([.paste("trend one\n\ntrend two"), .line("trend three")]))
        #expect(status == 0)
        #expect(recorder.commands == [["trend", "one"], ["trend", "two"], ["trend", "three"]])
        #expect(recorder.traces.isEmpty)
    }
}
