import ArgumentParser

/// A command refused its input while running (a file it cannot read, an empty session capture).
/// argument-parser would print the root's usage line under a `ValidationError` thrown from
/// `run()` — how to call `slabhound`, not the subcommand — while the message itself already says
/// what to pass; this keeps the message alone, with the same status (64).
struct CommandRunError: Error, CustomStringConvertible {
    var message: String

    init(_ error: ValidationError) { message = error.message }

    var description: String { message }
}
