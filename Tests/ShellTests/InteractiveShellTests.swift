import Foundation
import Testing

extension ShellBinaryTests {
    /// The shell in a real terminal (tmux): prompt, commands, history, completion, Ctrl-C, Ctrl-D,
    /// pastes. Each test owns a tmux server.
    @Suite final class InteractiveShellTests {
        let home: URL

        init() throws {
            home = try SlabhoundBinary.temporaryHome()
        }

        deinit {
            try? FileManager.default.removeItem(at: home)
        }

        var historyFile: URL { home.appendingPathComponent(".slabhound_history") }

        @Test func promptAppearsAndACommandRuns() throws {
            let tmux = try TmuxSession(home: home)
            #expect(try tmux.waitForPrompt(count: 1), "no prompt: \((try? tmux.screen()) ?? "")")
            #expect(try tmux.lastLine() == "(slabhound)")
            try tmux.type("set page-size 16k")
            try tmux.press("Enter")
            try tmux.type("show page-size")
            try tmux.press("Enter")
            #expect(try tmux.waitForPrompt(count: 3))
            #expect(try tmux.screen().contains("(slabhound) show page-size\npage-size  16384\n(slabhound)"))
        }

        @Test func upArrowRecallsTheLastCommandAndHistoryPersists() throws {
            do {
                let tmux = try TmuxSession(home: home)
                try tmux.waitForPrompt(count: 1)
                try tmux.type("show colour")
                try tmux.press("Enter")
                try tmux.type("show page-size")
                try tmux.press("Enter")
                try tmux.waitForPrompt(count: 3)
                try tmux.press("Up")
                #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) show page-size") }, "\((try? tmux.screen()) ?? "")")
                try tmux.press("Up")
                #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) show colour") })
                try tmux.press("C-u", "C-d")
                #expect(tmux.waitForExit())
            }
            let history = try String(contentsOf: historyFile, encoding: .utf8)
            #expect(history.split(separator: "\n").suffix(2) == ["show colour", "show page-size"])
            // A new session starts with the old history.
            let again = try TmuxSession(home: home)
            try again.waitForPrompt(count: 1)
            try again.press("Up")
            #expect(try again.waitUntil { $0.hasSuffix("(slabhound) show page-size") })
        }

        @Test func historyIsBounded() throws {
            let lines = (1...1200).map { "show page-size # \($0)" }.joined(separator: "\n") + "\n"
            try lines.write(to: historyFile, atomically: true, encoding: .utf8)
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.type("show colour")
            try tmux.press("Enter")
            try tmux.waitForPrompt(count: 2)
            let history = try String(contentsOf: historyFile, encoding: .utf8).split(separator: "\n")
            #expect(history.count == 1000)
            #expect(history.last == "show colour")
        }

        @Test func tabCompletesCommandNamesSettingsAndFiles() throws {
            let directory = home.appendingPathComponent("cmds")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try "show page-size\n".write(to: directory.appendingPathComponent("investigation-steps.cmds"), atomically: true, encoding: .utf8)
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.type("sho")
            try tmux.press("Tab")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) show") }, "\((try? tmux.screen()) ?? "")")
            try tmux.type("page-")
            try tmux.press("Tab")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) show page-size") })
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("page-size  4096") })
            try tmux.type("source \(directory.path)/inv")
            try tmux.press("Tab")
            #expect(try tmux.waitUntil { $0.hasSuffix("investigation-steps.cmds") }, "\((try? tmux.screen()) ?? "")")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.components(separatedBy: "page-size  4096").count == 3 })
        }

        @Test func ctrlCInterruptsALongCommandAndKeepsTheSession() throws {
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.type("set page-size 64k")
            try tmux.press("Enter")
            #expect(try tmux.waitForPrompt(count: 2))
            try tmux.type("sleep 60")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) sleep 60") })
            let row = try tmux.cursorRow()
            try tmux.press("Enter")
            // Ctrl-C before readline took the line would only clear it (and the terminal drops
            // typed-ahead input on SIGINT): wait until the cursor leaves the line, then give the
            // command a moment to start. Not a fixed sleep from the keypress: load delays the shell.
            #expect(try tmux.waitUntil(timeout: 30) { _ in ((try? tmux.cursorRow()) ?? row) > row })
            Thread.sleep(forTimeInterval: 0.5)
            let started = Date()
            try tmux.press("C-c")
            #expect(try tmux.waitUntil(timeout: 30) { $0.contains("Interrupted.") }, "\((try? tmux.screen()) ?? "")")
            #expect(try tmux.waitForPrompt(count: 3, timeout: 30))
            // Interrupted, not finished: the sleep had most of its 60 s to go.
            #expect(Date().timeIntervalSince(started) < 30)
            #expect(tmux.isRunning)
            try tmux.type("show page-size")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("page-size  65536") })
        }

        @Test func ctrlCAtThePromptClearsTheLine() throws {
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.type("set page-size 16k")
            try tmux.press("C-c")
            #expect(try tmux.waitForPrompt(count: 2))
            #expect(tmux.isRunning)
            try tmux.type("show page-size")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("page-size  4096") }, "the interrupted line must not have run")
        }

        @Test func ctrlDQuits() throws {
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.press("C-d")
            #expect(tmux.waitForExit())
        }

        @Test func bracketedPasteOfTwoTraceBlocksIsReadAtOnce() throws {
            let block = try Fixtures.text("method-print-trace.txt")
            let oom = try Fixtures.text("seed-oom-report.txt")
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            // Blank lines inside a bracketed paste do not end it; no Enter is needed.
            try tmux.paste(block + "\n" + oom)
            #expect(try tmux.waitForPrompt(count: 2), "\((try? tmux.screen()) ?? "")")
            let screen = try tmux.screen()
            for line in (block + oom).split(separator: "\n") where line.contains("0x") {
                #expect(screen.contains(line), "pasted line not shown back: \(line)")
            }
            #expect(!screen.contains("unknown command"))
            // Pastes are not commands: they stay out of the history.
            let history = (try? String(contentsOf: historyFile, encoding: .utf8)) ?? ""
            #expect(!history.contains("0x"))
        }

        @Test func symbolsGivenOnTheCommandLineAreTheShellsDefaults() throws {
            let tmux = try TmuxSession(arguments: ["--symbols", home.path], home: home)
            try tmux.waitForPrompt(count: 1)
            try tmux.type("show symbols")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("symbols  \(self.home.path)") }, "\((try? tmux.screen()) ?? "")")
        }

        @Test func colourOnATerminalUnlessNoColorOrSetOff() throws {
            let tmux = try TmuxSession(home: home, extraEnvironment: ["NO_COLOR": ""])
            try tmux.waitForPrompt(count: 1)
            try tmux.type("help")
            try tmux.press("Enter")
            #expect(try tmux.waitForPrompt(count: 2))
            #expect(try tmux.screenWithEscapes().contains("\u{1B}[1m"), "help is bold on a terminal")
            try tmux.type("set colour off")
            try tmux.press("Enter")
            try tmux.type("clear-marker")
            try tmux.press("Enter")
            try tmux.type("help")
            try tmux.press("Enter")
            #expect(try tmux.waitForPrompt(count: 5))
            let afterOff = try tmux.screenWithEscapes().components(separatedBy: "clear-marker").last ?? ""
            #expect(!afterOff.contains("\u{1B}[1m"))

            let plain = try TmuxSession(home: home)  // NO_COLOR=1
            try plain.waitForPrompt(count: 1)
            try plain.type("help")
            try plain.press("Enter")
            #expect(try plain.waitForPrompt(count: 2))
            #expect(!(try plain.screenWithEscapes().contains("\u{1B}[1m")))
        }

        @Test func ctrlCAbandonsAPasteBeingCollected() throws {
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            // `paste` collects until an empty line, however slowly the lines come.
            try tmux.type("paste")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("end with an empty line") })
            try tmux.type("/lib/libmi_sys.so(print_trace+0x1b) [0xb6e285b0]")
            try tmux.press("Enter")
            try tmux.type("/lib/libmi_sys.so(MI_SYS_MMA_Alloc+0x19) [0xb6e2863a]")
            try tmux.press("Enter")
            try tmux.press("C-c")
            #expect(try tmux.waitUntil { $0.contains("Interrupted.") }, "\((try? tmux.screen()) ?? "")")
            #expect(try tmux.waitForPrompt(count: 2))
            let screen = try tmux.screen()
            // Nothing was handed on: no note from the symbolize hook, no status line.
            #expect(!screen.contains("no symbols loaded"))
            #expect(!screen.contains("traces:"))
        }

        @Test func pasteWithoutBracketsEndsWhenTheTerminalGoesQuiet() throws {
            let block = try Fixtures.text("method-print-trace.txt")
            let tmux = try TmuxSession(home: home)
            try tmux.waitForPrompt(count: 1)
            // A terminal without bracketed paste types the lines; no empty line follows.
            try tmux.paste(block, bracketed: false)
            #expect(try tmux.waitUntil { $0.contains("no symbols loaded") }, "\((try? tmux.screen()) ?? "")")
            #expect(try tmux.waitForPrompt(count: 2))
            // One paste: the hook ran once, for all lines.
            let screen = try tmux.screen()
            #expect(screen.components(separatedBy: "no symbols loaded").count == 2)
            #expect(screen.contains("traces: 1"))
            // A single frame typed and entered is read at once, too.
            try tmux.type("/lib/libmi_sys.so(MI_SYS_MMA_Alloc+0x19) [0xb6e2863a]")
            try tmux.press("Enter")
            #expect(try tmux.waitUntil { $0.contains("traces: 2") }, "\((try? tmux.screen()) ?? "")")
        }
    }
}
