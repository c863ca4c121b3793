import Captures

/// Where the shell hands off what it does not do itself. SlabhoundCLI fills these in: the
/// symbolizer for pasted traces, the capture for pasted dumps, the guide for the status line,
/// gdb's interrupt for Ctrl-C. The defaults keep the shell usable before those exist.
public struct ShellHooks: Sendable {
    /// A pasted trace: print it back annotated (each frame resolved). Throw to report failure.
    public var symbolizeText: @Sendable (PastedText, ShellState) async throws -> Void
    /// A pasted meminfo/slabinfo/free/heap dump (or OOM report): add it to the session capture.
    public var appendToCapture: @Sendable (PastedText, ShellState) async throws -> Void
    /// One line printed after every interactive command: where the investigation stands.
    /// nil prints nothing.
    public var statusLine: @Sendable (ShellState) async -> String?
    /// Ctrl-C while a command runs. The command's task is cancelled by the shell already; this
    /// is for what cancellation cannot reach, e.g. sending gdb `-exec-interrupt`.
    public var interrupt: @Sendable (ShellState) -> Void
    /// Extra completion words for an argument (loaded module names, symbol names).
    public var completionWords: @Sendable (CompletionContext, ShellState) -> [String]
    /// After `set` changed a setting; gets the settings as they were before (e.g. restart gdb
    /// when `gdb` changed, reload when `symbols` changed).
    public var settingsChanged: @Sendable (ShellSettings, ShellState) -> Void

    public init(symbolizeText: @escaping @Sendable (PastedText, ShellState) async throws -> Void = ShellHooks.echoTrace,
                appendToCapture: @escaping @Sendable (PastedText, ShellState) async throws -> Void = ShellHooks.tallyDump,
                statusLine: @escaping @Sendable (ShellState) async -> String? = ShellHooks.tallyStatus,
                interrupt: @escaping @Sendable (ShellState) -> Void = { _ in },
                completionWords: @escaping @Sendable (CompletionContext, ShellState) -> [String] = { _, _ in [] },
                settingsChanged: @escaping @Sendable (ShellSettings, ShellState) -> Void = { _, _ in }) {
        self.symbolizeText = symbolizeText
        self.appendToCapture = appendToCapture
        self.statusLine = statusLine
        self.interrupt = interrupt
        self.completionWords = completionWords
        self.settingsChanged = settingsChanged
    }
}

/// A completion request as hooks see it: which command, which words so far, the partial word.
public struct CompletionContext: Sendable, Equatable {
    public var command: String
    public var precedingWords: [String]
    public var word: String

    public init(command: String, precedingWords: [String], word: String) {
        self.command = command
        self.precedingWords = precedingWords
        self.word = word
    }
}

extension ShellHooks {
    /// Until a symbolizer is connected: show the frames that were recognised, unresolved.
    public static let echoTrace: @Sendable (PastedText, ShellState) async throws -> Void = { paste, state in
        state.updateTally { $0.traces += max(1, PasteRecognizer().traceBlockCount(in: paste.text)) }
        if CommandJSON.isRequested {
            print(paste.jsonSummary(["symbolized": false]))
            return
        }
        let recognizer = PasteRecognizer()
        for line in paste.lines {
            let marker = recognizer.kind(of: line)?.isTrace == true ? "  » " : "    "
            print(marker + line)
        }
        print("(not symbolized: no symbolizer is connected to the shell yet)")
    }

    /// Parses pasted dumps into the session capture (`ShellState[SessionCaptureKey.self]`) and
    /// says what was added.
    public static let tallyDump: @Sendable (PastedText, ShellState) async throws -> Void = { paste, state in
        var added: [CaptureSample] = []
        state.update(SessionCaptureKey.self) { added = $0.append(paste.text) }
        state.updateTally { $0.samples += added.count }
        let counts: [(String, Int)] = [
            ("meminfo", added.filter { $0.meminfo != nil }.count),
            ("slabinfo", added.filter { $0.slabinfo != nil }.count),
            ("free", added.filter { $0.free != nil }.count),
            ("heap", added.filter { !$0.heaps.isEmpty }.count),
        ]
        let parts: [String] = counts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0)" }
        if CommandJSON.isRequested {
            // A paste with a trace has printed its document already (the symbolized frames).
            guard !paste.hasTrace else { return }
            print(paste.jsonSummary(["samples_added": added.count,
                                     "added": Dictionary(uniqueKeysWithValues: counts),
                                     "session_samples": state[SessionCaptureKey.self].samples.count]))
            return
        }
        let hasDumpLines = paste.kinds.contains { $0.isDump && $0 != .oomReport }
        if added.isEmpty && !hasDumpLines {
            // An OOM report alone: its memory summary is not a sample; the trace was the point.
            return
        } else if added.isEmpty {
            print("Nothing to add to the session: no complete meminfo, slabinfo, free or heap dump in the \(paste.lines.count) pasted lines.")
        } else {
            print("Added \(added.count) sample\(added.count == 1 ? "" : "s") to the session (\(parts.joined(separator: ", "))).")
        }
    }

    public static let tallyStatus: @Sendable (ShellState) async -> String? = { state in
        let tally = state.tally
        guard tally.samples > 0 || tally.traces > 0 else { return nil }
        return "samples: \(tally.samples), traces: \(tally.traces)"
    }
}
