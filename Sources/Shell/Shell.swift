import Foundation
import LineEditing

/// The investigation shell: reads lines (readline on a terminal, plain lines otherwise), runs
/// commands — its own builtins and those of an injected `CommandDispatcher` — and recognises
/// pasted board output, handing traces and dumps to `ShellHooks`.
public final class Shell: Sendable {
    public let state: ShellState
    let dispatcher: any CommandDispatcher
    let hooks: ShellHooks
    let recognizer: PasteRecognizer
    let options: ShellOptions

    public init(state: ShellState = ShellState(), dispatcher: any CommandDispatcher, hooks: ShellHooks = ShellHooks(),
                recognizer: PasteRecognizer = PasteRecognizer(), options: ShellOptions = ShellOptions()) {
        self.state = state
        self.dispatcher = dispatcher
        self.hooks = hooks
        self.recognizer = recognizer
        self.options = options
        state[ShellSessionKey.self] = true
    }

    /// How a run of lines went.
    struct RunResult {
        /// Command lines run (comments and empty lines are not counted).
        var commands = 0
        /// The exit code of the first command that failed: the exit status of `run` and `runBatch`.
        var firstFailure: Int32?
        /// Set by `quit [N]`: stop every enclosing loop too.
        var quitStatus: Int32?

        mutating func record(_ outcome: CommandOutcome) {
            guard !outcome.succeeded else { return }
            if firstFailure == nil { firstFailure = outcome.exitCode }
        }

        mutating func absorb(_ other: RunResult) {
            commands += other.commands
            if firstFailure == nil { firstFailure = other.firstFailure }
        }

        /// What the commands as a whole report: success, or the first failure's code.
        var outcome: CommandOutcome {
            firstFailure.map { .failure(exitCode: $0) } ?? .success
        }
    }

    /// Where lines come from and what to do on failure.
    struct RunContext {
        var interactive: Bool
        /// `source`/`-x` files stop at the first failing command, as gdb's do.
        var stopOnError: Bool
        /// Name for messages ("FILE:LINE"), nil for the prompt.
        var origin: String?
        var depth: Int
    }

    // MARK: Entry points

    /// Runs until end of input or `quit`. Interactive sources get prompts, history, the status
    /// line and Ctrl-C handling. Returns the exit status: `quit N`'s N, else — for
    /// non-interactive input, where nobody was there to see it — the exit code of the first
    /// command that failed (0 when none did).
    public func run(source: LineSource) async -> Int32 {
        if source.isInteractive {
            InterruptSignal.shared.install()
        }
        let context = RunContext(interactive: source.isInteractive, stopOnError: false, origin: nil, depth: 0)
        let result = await runLines(from: source, context: context)
        ShellOutput.flush()
        if let status = result.quitStatus { return status }
        return source.isInteractive ? 0 : (result.firstFailure ?? 0)
    }

    /// gdb's `-x FILE` / `-ex CMD` in order. As in gdb, a failing `-ex` command does not stop
    /// the batch — the next item still runs — while a failure inside a file skips the rest of
    /// that file. The exit status is the exit code of the first command that failed (gdb's is
    /// 1 when the last one failed: a script learns more from the first failure's own code),
    /// 0 when every command succeeded; `quit N` exits with N at once.
    public func runBatch(_ items: [BatchItem]) async -> Int32 {
        var total = RunResult()
        for item in items {
            let result: RunResult
            switch item {
            case .command(let line):
                result = await runLines(from: ScriptedLineSource(lines: [line]),
                                        context: RunContext(interactive: false, stopOnError: true, origin: nil, depth: 0))
            case .file(let path):
                let sink = ErrorSink()
                result = await ShellOutput.$errorSink.withValue(sink) { await sourceFile(path, depth: 0) }
                // A file that could not be read ran no command to report it: say so as a document.
                if options.forceJSON, result.commands == 0, let code = result.firstFailure,
                   let document = CommandJSON.errorDocument(command: "-x", line: "-x \(path)",
                                                            message: sink.messages.joined(separator: "\n"), exitCode: code) {
                    ShellOutput.line(document)
                }
            }
            total.absorb(result)
            if let status = result.quitStatus { ShellOutput.flush(); return status }
        }
        ShellOutput.flush()
        return total.firstFailure ?? 0
    }

    /// Runs one command line as if typed (non-interactively); for `-ex` and tests.
    @discardableResult
    public func execute(_ line: String) async -> CommandOutcome {
        let result = await runLines(from: ScriptedLineSource(lines: [line]),
                                    context: RunContext(interactive: false, stopOnError: true, origin: nil, depth: 0))
        return result.outcome
    }

    // MARK: The loop

    func runLines(from source: LineSource, context: RunContext) async -> RunResult {
        // Builtins and hooks read settings (colour…) through `ShellState.current` like commands do.
        if ShellState.current !== state {
            return await ShellState.$current.withValue(state) { await runLines(from: source, context: context) }
        }
        var result = RunResult()
        var lineNumber = 0
        // JSON lines on stdout leave no room for a status line.
        let showStatus = options.statusLine ?? (context.interactive && !options.forceJSON)
        while true {
            if context.interactive {
                InterruptSignal.shared.setHandler { source.interrupt() }
            }
            guard let input = await source.read(prompt: options.prompt) else { break }
            lineNumber += 1
            let json = options.forceJSON || CommandJSON.isRequested || Self.asksForJSON(input)
            let sink = ErrorSink()
            let step = await CommandJSON.$isRequested.withValue(json) {
                await ShellOutput.$errorSink.withValue(sink) { await process(input, source: source, context: context) }
            }
            let outcome: CommandOutcome
            switch step {
            case .quit(let status):
                result.quitStatus = status
                return result
            case .nothing:
                continue
            case .ran(let ran):
                outcome = ran
            }
            result.commands += 1
            if outcome == .interrupted {
                // On a terminal the ^C echo leaves the cursor mid-line.
                ShellOutput.note(context.interactive ? "\nInterrupted." : "Interrupted.")
            }
            if json, !outcome.succeeded {
                // One document per command line: a command that failed after printing its own
                // (locate with an unresolved location) has no message here and prints no second.
                let messages = outcome == .interrupted ? ["interrupted"] : sink.messages
                if !messages.isEmpty, let document = CommandJSON.errorDocument(
                    command: Self.commandName(of: input), line: Self.firstLine(of: input),
                    message: messages.joined(separator: "\n"), exitCode: outcome.exitCode) {
                    ShellOutput.line(document)
                }
            }
            if !outcome.succeeded {
                result.record(outcome)
                if context.stopOnError {
                    if let origin = context.origin {
                        // Pastes read further lines: ask the script where it is.
                        let line = (source as? ScriptedLineSource)?.inputsRead ?? lineNumber
                        ShellOutput.note("\(origin):\(line): command failed; the rest of \(origin) is skipped.", failure: true)
                    }
                    return result
                }
            }
            if showStatus, let status = await hooks.statusLine(state) {
                // One line: a status line that wraps pushes the prompt around as it changes.
                let fitted = TerminalStyle.width().map { TerminalStyle.fit(status, width: $0) } ?? status
                ShellOutput.line(TerminalStyle.standardOutput.dim(fitted))
            }
            ShellOutput.flush()
        }
        return result
    }

    /// One input: a typed line, a paste, or Ctrl-C at the prompt.
    func process(_ input: LineInput, source: LineSource, context: RunContext) async -> Step {
        switch input {
        case .paste(let text) where recognizer.kinds(in: text).isEmpty:
            // Pasted command lines (no board output in them): run them one by one, as if typed.
            let lines = ScriptedLineSource(lines: text.components(separatedBy: "\n"))
            let pasted = await runLines(from: lines, context: RunContext(interactive: false, stopOnError: true,
                                                                         origin: nil, depth: context.depth + 1))
            if let status = pasted.quitStatus { return .quit(status) }
            return .ran(pasted.outcome)
        case .paste(let text):
            return .ran(await handlePaste(text, explicit: false))
        case .interrupted:
            return .nothing
        case .line(let line):
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return .nothing }
            // `#` starts a comment — unless it is slabinfo's `# name <active_objs> …` header.
            if trimmed.hasPrefix("#") && recognizer.kind(of: line) == nil { return .nothing }
            if context.interactive && !recognizerSays(line) { source.addHistory(line) }
            return await handle(line: line, source: source, context: context)
        }
    }

    /// A typed line with `--json` among its words.
    static func asksForJSON(_ input: LineInput) -> Bool {
        guard case .line(let line) = input, line.contains("--json") else { return false }
        return ShellWords.split(line).contains("--json")
    }

    /// For JSON error documents: the command a line named (`paste` for pasted text).
    static func commandName(of input: LineInput) -> String {
        guard case .line(let line) = input else { return "paste" }
        return ShellWords.split(line).first ?? ""
    }

    static func firstLine(of input: LineInput) -> String {
        switch input {
        case .line(let line): return line.trimmingCharacters(in: .whitespaces)
        case .paste(let text): return String(text.prefix { $0 != "\n" })
        case .interrupted: return ""
        }
    }

    enum Step {
        case ran(CommandOutcome)
        case quit(Int32)
        case nothing
    }

    private func recognizerSays(_ line: String) -> Bool {
        let first = ShellWords.split(line).first ?? ""
        return !isCommandName(first) && recognizer.kind(of: line) != nil
    }

    func isCommandName(_ name: String) -> Bool {
        Builtin.named(name) != nil || dispatchedCommand(named: name) != nil
    }

    func dispatchedCommand(named name: String) -> ShellCommandInfo? {
        dispatcher.commands.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// One typed line: a builtin, a dispatched command, the start of a paste, or an error.
    func handle(line: String, source: LineSource, context: RunContext) async -> Step {
        var words = ShellWords.split(line)
        guard let name = words.first else { return .nothing }
        if let builtin = Builtin.named(name) {
            return await runBuiltin(builtin, arguments: Array(words.dropFirst()), source: source, context: context)
        }
        if let info = dispatchedCommand(named: name) {
            words[0] = info.name
            if CommandJSON.isRequested && info.supportsJSON && !words.contains("--json") {
                words.append("--json")
            }
            let dispatcher = self.dispatcher
            let state = self.state
            let commandWords = words
            return .ran(await runCancellable { await dispatcher.run(commandWords, state: state) })
        }
        if recognizer.kind(of: line) != nil {
            guard let rest = await collectPaste(from: source, endsOnPause: true) else { return .ran(.interrupted) }
            return .ran(await handlePaste(([line] + rest).joined(separator: "\n"), explicit: false))
        }
        let suggestion = closestCommand(to: name).map { " Did you mean `\($0)`?" } ?? ""
        ShellOutput.error("unknown command `\(name)`.\(suggestion) Type `help` for the list of commands, or paste a trace or a /proc dump to have it read.")
        return .ran(.failure(exitCode: 64))
    }

    /// Reads paste lines until an empty line or end of input (a bracketed paste is taken whole);
    /// nil when Ctrl-C abandoned the paste. With `endsOnPause`, a terminal that goes quiet also
    /// ends it: a paste without bracketed-paste markers arrives at once, and a single pasted
    /// frame followed by Enter should not leave the user at a blank continuation line.
    func collectPaste(from source: LineSource, endsOnPause: Bool = false) async -> [String]? {
        var lines: [String] = []
        while true {
            if endsOnPause && source.isInteractive,
               !(await source.hasPendingInput(within: Self.pasteQuietSeconds)) {
                return lines
            }
            guard let input = await source.read(prompt: "", stopOnInterrupt: true) else { break }
            switch input {
            case .paste(let text):
                lines.append(text)
            case .line(let line):
                if line.trimmingCharacters(in: .whitespaces).isEmpty { return lines }
                lines.append(line)
            case .interrupted:
                return nil
            }
        }
        return lines
    }

    /// How long a terminal must stay quiet after a pasted line for the paste to count as ended.
    static let pasteQuietSeconds = 0.3

    /// Hands a finished paste to the hooks: traces to the symbolizer, dumps to the capture.
    func handlePaste(_ rawText: String, explicit: Bool) async -> CommandOutcome {
        let text = rawText.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .joined(separator: "\n")
            .trimmingCharacters(in: .newlines)
        let kinds = recognizer.kinds(in: text)
        if kinds.isEmpty {
            if text.isEmpty { return .success }
            let count = text.split(separator: "\n").count
            ShellOutput.error("the pasted text holds no trace or dump that slabhound knows (\(count) line\(count == 1 ? "" : "s")). It reads kernel call traces, backtrace_symbols blocks, OOM reports, alloc_calls, kmemleak, meminfo, slabinfo, free and MMA heap dumps.")
            return .failure(exitCode: 65)
        }
        let paste = PastedText(text: text, kinds: kinds)
        let hooks = self.hooks
        let state = self.state
        return await runCancellable {
            do {
                if paste.hasTrace { try await hooks.symbolizeText(paste, state) }
                if paste.hasDump { try await hooks.appendToCapture(paste, state) }
                return .success
            } catch is CancellationError {
                return .interrupted
            } catch {
                ShellOutput.error("\(error)")
                return .failure(exitCode: 1)
            }
        }
    }

    /// Runs work as a task that Ctrl-C cancels (and tells the hooks, so gdb can be interrupted).
    func runCancellable(_ work: @escaping @Sendable () async -> CommandOutcome) async -> CommandOutcome {
        let state = self.state
        let hooks = self.hooks
        let task = Task {
            await ShellState.$current.withValue(state) { await work() }
        }
        let previous = InterruptSignal.shared.setHandler {
            task.cancel()
            hooks.interrupt(state)
        }
        let outcome = await task.value
        InterruptSignal.shared.setHandler(previous)
        if task.isCancelled && outcome != .success { return .interrupted }
        return outcome
    }

    /// The known command nearest to a typo (edit distance ≤ 2).
    func closestCommand(to name: String) -> String? {
        let names = Builtin.all.filter { !$0.isHidden }.map(\.name) + dispatcher.commands.filter { !$0.isHidden }.map(\.name)
        let limit = max(1, min(2, name.count / 3))
        let scored = names.map { ($0, Self.editDistance($0, name)) }.filter { $0.1 <= limit }
        return scored.min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Shell {
    /// The shell on this process's stdin: GNU readline (prompt, history in
    /// `~/.slabhound_history`, completion, bracketed paste) when stdin is a terminal, plain
    /// lines without prompt or echo otherwise.
    public func runOnStandardInput(history: URL? = LineEditorConfiguration.defaultHistoryFile()) async -> Int32 {
        if isatty(STDIN_FILENO) == 1 {
            let editor = ReadlineEditor(configuration: LineEditorConfiguration(historyFile: history))
            editor.setCompleter(completer)
            return await run(source: editor)
        }
        return await run(source: StreamLineReader())
    }
}
