import ArgumentParser
import Foundation
import Shell

/// Runs shell lines through `SlabhoundCommand`'s own parser, so `trend log.txt --json` means
/// the same at the `(slabhound) ` prompt, after `-ex` and on the command line.
struct ShellDispatcher: CommandDispatcher {
    let commands: [ShellCommandInfo]
    private let types: [String: ParsableCommand.Type]

    init(root: SlabhoundCommand.Type = SlabhoundCommand.self) {
        let options = Self.optionNames(from: root._dumpHelp())
        var commands: [ShellCommandInfo] = []
        var types: [String: ParsableCommand.Type] = [:]
        for type in root.configuration.subcommands {
            let configuration = type.configuration
            let name = configuration.commandName ?? type._commandName
            commands.append(ShellCommandInfo(name: name, aliases: configuration.aliases,
                                             abstract: configuration.abstract,
                                             options: options[name] ?? [],
                                             isHidden: !configuration.shouldDisplay))
            types[name] = type
        }
        // `help` lists them in the order of an investigation, not of the command table.
        self.commands = commands.enumerated().sorted { a, b in
            let (x, y) = (Self.methodOrder.firstIndex(of: a.element.name) ?? Int.max, Self.methodOrder.firstIndex(of: b.element.name) ?? Int.max)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        self.types = types
    }

    /// Where to start (guide), what to feed it (collector, capture, load), then the method's
    /// steps 0–4, then the OOM report and the page that sums it up.
    static let methodOrder = ["guide", "collector", "capture", "load", "trend", "compare", "blame", "symbolize", "locate", "oom", "report"]

    func help(for name: String) -> String? {
        guard let type = type(named: name) else { return nil }
        return SlabhoundCommand.helpMessage(for: type)
    }

    /// The subcommand a command line names (the shell has already turned an alias into the name).
    func type(named name: String) -> ParsableCommand.Type? {
        types[name]
    }

    func run(_ words: [String], state: ShellState) async -> CommandOutcome {
        do {
            let command = try SlabhoundCommand.parseCommandLine(words)
            if command is SlabhoundCommand {
                // Root options alone (`--symbols X`) are not a command inside the shell.
                let message = "`\(words.first ?? "")` is not a command here; in the shell use `set symbols`/`set gdb`."
                CommandJSON.recordError(message)
                FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
                return .failure(exitCode: 64)
            }
            try await CommandRunError.run(command)
            return .success
        } catch is CancellationError {
            return .interrupted
        } catch {
            let code = CommandRunError.exitCode(for: error)
            let message = SlabhoundCommand.fullMessage(for: error)
            if code == .success {
                // --help, --version: a clean exit with a message for stdout.
                if !message.isEmpty { print(message) }
                return .success
            }
            if Task.isCancelled { return .interrupted }
            // For the JSON error document: the message without the usage lines.
            CommandJSON.recordError(SlabhoundCommand.message(for: error))
            if !message.isEmpty {
                fflush(nil)
                FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            return .failure(exitCode: code.rawValue)
        }
    }

    /// Option spellings per subcommand, from argument-parser's tool-info dump (the same data
    /// its shell-completion scripts are generated from).
    static func optionNames(from dump: String) -> [String: [String]] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any],
              let root = object["command"] as? [String: Any],
              let subcommands = root["subcommands"] as? [[String: Any]] else { return [:] }
        var result: [String: [String]] = [:]
        for subcommand in subcommands {
            guard let name = subcommand["commandName"] as? String else { continue }
            var spellings: [String] = []
            for argument in subcommand["arguments"] as? [[String: Any]] ?? [] {
                if argument["shouldDisplay"] as? Bool == false { continue }
                for entry in argument["names"] as? [[String: Any]] ?? [] {
                    guard let kind = entry["kind"] as? String, let spelling = entry["name"] as? String else { continue }
                    switch kind {
                    case "long": spellings.append("--" + spelling)
                    case "short": spellings.append("-" + spelling)
                    case "longWithSingleDash": spellings.append("-" + spelling)
                    default: break
                    }
                }
            }
            result[name] = spellings
        }
        return result
    }
}
