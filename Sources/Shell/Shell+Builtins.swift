import Foundation
import LineEditing

extension Shell {
    func runBuiltin(_ builtin: Builtin, arguments: [String], source: LineSource, context: RunContext) async -> Step {
        var arguments = arguments
        // `--json` on the line, batch `--json`, or a `source --json` this line is part of.
        let json = CommandJSON.isRequested
        arguments.removeAll { $0 == "--json" }
        switch builtin.kind {
        case .help:
            return .ran(help(arguments, json: json))
        case .quit:
            if let word = arguments.first {
                guard let status = Int32(word) else {
                    ShellOutput.error("`quit` takes an exit status (a number), not `\(word)`.")
                    return .ran(.failure(exitCode: 64))
                }
                if json { printJSON(["quit": Int(status)]) }
                return .quit(status)
            }
            if json { printJSON(["quit": 0]) }
            return .quit(0)
        case .source:
            guard arguments.count == 1 else {
                ShellOutput.error("usage: source FILE")
                return .ran(.failure(exitCode: 64))
            }
            let result = await sourceFile(arguments[0], depth: context.depth + 1)
            if let status = result.quitStatus { return .quit(status) }
            // Its commands printed their own documents; this one closes the file.
            if json, result.outcome.succeeded { printJSON(["source": arguments[0], "commands": result.commands]) }
            return .ran(result.outcome)
        case .set:
            return .ran(set(arguments, json: json))
        case .show:
            return .ran(show(arguments, json: json))
        case .paste:
            if source.isInteractive && !json {
                ShellOutput.note("Paste the board output; end with an empty line (or Ctrl-D).")
            }
            guard let lines = await collectPaste(from: source) else { return .ran(.interrupted) }
            return .ran(await handlePaste(lines.joined(separator: "\n"), explicit: true))
        case .sleep:
            guard arguments.count == 1, let seconds = Double(arguments[0]), seconds >= 0 else {
                ShellOutput.error("usage: sleep SECONDS")
                return .ran(.failure(exitCode: 64))
            }
            return .ran(await runCancellable {
                do {
                    try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
                    if json, let text = CommandJSON.text(["slept": seconds]) { ShellOutput.line(text) }
                    return .success
                } catch {
                    return .interrupted
                }
            })
        }
    }

    /// `source FILE` and `-x FILE`: the file's lines run like typed ones; pastes work too.
    func sourceFile(_ path: String, depth: Int) async -> RunResult {
        guard depth < 16 else {
            ShellOutput.error("`source` is nested too deeply (16 levels): does \(path) source itself?")
            return RunResult(firstFailure: 64)
        }
        let expanded = NSString(string: path).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded) else {
            ShellOutput.error("cannot read \(path): \(FileManager.default.fileExists(atPath: expanded) ? "permission denied" : "no such file"). Give the path of a file of slabhound commands.")
            return RunResult(firstFailure: 66)
        }
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        let source = ScriptedLineSource(lines: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 })
        return await runLines(from: source, context: RunContext(interactive: false, stopOnError: true, origin: path, depth: depth))
    }

    // MARK: help

    func help(_ arguments: [String], json: Bool) -> CommandOutcome {
        if let name = arguments.first {
            if let builtin = Builtin.named(name) {
                if json {
                    printJSON(["name": builtin.name, "usage": builtin.usage, "abstract": builtin.abstract])
                } else {
                    ShellOutput.line("usage: \(builtin.usage)\n\n\(builtin.abstract)")
                    if !builtin.discussion.isEmpty { ShellOutput.line("\n" + builtin.discussion) }
                }
                return .success
            }
            if let info = dispatchedCommand(named: name), let text = dispatcher.help(for: info.name) {
                if json {
                    printJSON(["name": info.name, "abstract": info.abstract, "help": text])
                } else {
                    ShellOutput.line(text.hasSuffix("\n") ? String(text.dropLast()) : text)
                }
                return .success
            }
            let suggestion = closestCommand(to: name).map { " Did you mean `\($0)`?" } ?? ""
            ShellOutput.error("no command `\(name)`.\(suggestion) Type `help` for the list.")
            return .failure(exitCode: 64)
        }
        let commands = dispatcher.commands.filter { !$0.isHidden }
        let builtins = Builtin.all.filter { !$0.isHidden }
        if json {
            printJSON([
                "commands": commands.map { ["name": $0.name, "abstract": $0.abstract] },
                "shell": builtins.map { ["name": $0.name, "usage": $0.usage, "abstract": $0.abstract] },
            ])
            return .success
        }
        let style = TerminalStyle.standardOutput
        var out: [String] = []
        if !commands.isEmpty {
            out.append(style.bold("Commands") + " (`help COMMAND` for details):")
            let width = commands.map(\.name.count).max() ?? 0
            for command in commands {
                out.append("  " + style.cyan(command.name.padding(toLength: width, withPad: " ", startingAt: 0)) + "  " + command.abstract)
            }
            out.append("")
        }
        out.append(style.bold("Shell:"))
        let width = builtins.map(\.usage.count).max() ?? 0
        for builtin in builtins {
            out.append("  " + style.cyan(builtin.usage.padding(toLength: width, withPad: " ", startingAt: 0)) + "  " + builtin.abstract)
        }
        out.append("")
        out.append("Paste board output at the prompt — a kernel call trace, a print_trace block, an OOM report,")
        out.append("meminfo/slabinfo/free/heap dumps — and it is read in place: traces are symbolized, dumps are")
        out.append("added to the session. Tab completes; Up recalls; Ctrl-C stops a command; Ctrl-D quits.")
        ShellOutput.line(out.joined(separator: "\n"))
        return .success
    }

    func printJSON(_ object: Any) {
        guard let text = CommandJSON.text(object) else { return }
        ShellOutput.line(text)
    }
}
