import ArgumentParser

/// A command refused its input while running (a file it cannot read, an empty session capture).
/// argument-parser would print the root's usage line under a `ValidationError` thrown from
/// `run()` — how to call `slabhound`, not the subcommand — while the message itself already says
/// what to pass; this keeps the message alone, with the same status (64).
struct CommandRunError: Error, CustomStringConvertible {
    var message: String

    init(_ error: ValidationError) { message = error.message }

    var description: String { message }

    /// Runs a parsed command, for the shell and the command line alike: a `ValidationError` it
    /// throws while running becomes a `CommandRunError`.
    static func run(_ command: ParsableCommand) async throws {
        var command = command
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as ValidationError {
            throw CommandRunError(error)
        }
    }

    /// `SlabhoundCommand.exitCode(for:)`, but 64 for a `CommandRunError` (argument-parser gives
    /// an error of its own making status 1).
    static func exitCode(for error: Error) -> ExitCode {
        error is CommandRunError ? .validationFailure : SlabhoundCommand.exitCode(for: error)
    }
}
