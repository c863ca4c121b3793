import Foundation
import Shell

/// Where the shell meets the rest of slabhound: each hook below is the one place to connect a
/// piece (see `ShellHooks` for what each receives).
enum ShellConnections {
    static func hooks() -> ShellHooks {
        ShellHooks(
            // Pasted traces are also kept for guide's step 4 (allocation sites).
            symbolizeText: { paste, state in
                GuideCommand.record(pastedTrace: paste.text, state: state)
                try await symbolizePaste(paste, state)
            },
            // Pasted dumps are parsed into the session capture (ShellState[SessionCaptureKey.self]).
            appendToCapture: ShellHooks.tallyDump,
            // One line from the checklist state machine (guide's summary).
            statusLine: GuideCommand.statusLine,
            // Ctrl-C during a command: interrupt the session's gdb (it stays up, modules loaded).
            interrupt: { state in Task { await SymbolizationStarter.interrupt(state) } },
            // Module file names and function names from the session's symbol files.
            completionWords: ShellCompletionNames.words,
            // A new gdb or new symbols: the next command starts a fresh session gdb.
            settingsChanged: { old, state in
                if old.gdbPath != state.settings.gdbPath || old.symbolPaths != state.settings.symbolPaths {
                    Task { await SymbolizationStarter.endSession(state) }
                }
            }
        )
    }

    /// A pasted trace goes through `symbolize` itself — the same code, output and errors as
    /// `slabhound symbolize FILE` — with the session's symbols. Without symbols there is nothing
    /// to resolve against: show the frames and say how to load some.
    @Sendable static func symbolizePaste(_ paste: PastedText, _ state: ShellState) async throws {
        state.updateTally { $0.traces += max(1, PasteRecognizer().traceBlockCount(in: paste.text)) }
        guard !state.settings.symbolPaths.isEmpty else {
            if CommandJSON.isRequested {
                print(paste.jsonSummary(["symbolized": false, "note": "no symbols loaded: `load DIR` with the unstripped vmlinux, .ko and .so files"]))
                return
            }
            for line in paste.lines { print(line) }
            FileHandle.standardError.write(Data("note: no symbols loaded, so these frames stay unresolved: `load DIR` (or start with `slabhound --symbols DIR`) with the unstripped vmlinux, .ko and .so files.\n".utf8))
            return
        }
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("slabhound-paste-\(getpid())-\(UUID().uuidString.prefix(8)).txt")
        try paste.text.appending("\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = await ShellDispatcher().run(["symbolize", file.path] + (CommandJSON.isRequested ? ["--json"] : []), state: state)
        switch outcome {
        case .success: return
        case .interrupted: throw CancellationError()
        case .failure: throw ShellPasteError.symbolizeFailed
        }
    }
}

/// A pasted trace could not be symbolized; `symbolize` has already said why.
enum ShellPasteError: Error, CustomStringConvertible {
    case symbolizeFailed

    var description: String { "the pasted trace could not be symbolized (see above)" }
}
