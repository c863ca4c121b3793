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
        guard outcome == .success, let name = words.first, let type = inner.type(named: name),
              let failure = GdbStartFailure.take(after: type, state: state) else {
            GdbStartFailure.clear(state)
            return outcome
        }
        CommandJSON.recordError(failure.message)
        fflush(nil)
        FileHandle.standardError.write(Data("Error: \(failure)\n".utf8))
        return .failure(exitCode: 1)
    }
}
