import ArgumentParser
import Foundation
import Shell

/// The shell's dispatcher, plus what `SlabhoundCommand.main` does after a one-shot command: a
/// command that resolves frames and finished while the gdb it needed did not start (the
/// location cache answered the rest; see `GdbStartFailure`) fails with status 1, as it does on
/// the command line.
struct GdbFailureCheckingDispatcher: CommandDispatcher {
    let inner: ShellDispatcher

    var commands: [ShellCommandInfo] { inner.commands }

    func help(for name: String) -> String? { inner.help(for: name) }

    func run(_ words: [String], state: ShellState) async -> CommandOutcome {
        GdbStartFailure.clear(state)
        let outcome = await inner.run(words, state: state)
        guard outcome == .success, let type = Self.commandType(named: words.first),
              let failure = GdbStartFailure.take(after: type, state: state) else {
            GdbStartFailure.clear(state)
            return outcome
        }
        CommandJSON.recordError(failure.message)
        fflush(nil)
        FileHandle.standardError.write(Data("Error: \(failure)\n".utf8))
        return .failure(exitCode: 1)
    }

    static func commandType(named name: String?) -> ParsableCommand.Type? {
        SlabhoundCommand.configuration.subcommands.first { type in
            let configuration = type.configuration
            return (configuration.commandName ?? type._commandName) == name || configuration.aliases.contains(name ?? "")
        }
    }
}
