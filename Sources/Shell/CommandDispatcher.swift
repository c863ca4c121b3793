/// The commands the shell runs but does not define. SlabhoundCLI implements it over its
/// swift-argument-parser command table, so a shell line and a command line parse the same way.
public protocol CommandDispatcher: Sendable {
    /// Every dispatchable command, in the order `help` lists them.
    var commands: [ShellCommandInfo] { get }
    /// Full help for one command (`help NAME`), nil when unknown.
    func help(for name: String) -> String?
    /// Parses and runs one command line (`words[0]` is the command name). Prints its own output
    /// and error messages. Runs inside `ShellState.$current.withValue(state)`.
    func run(_ words: [String], state: ShellState) async -> CommandOutcome
}

/// No commands beyond the shell's own: for tests of the shell machinery.
public struct EmptyDispatcher: CommandDispatcher {
    public init() {}
    public var commands: [ShellCommandInfo] { [] }
    public func help(for name: String) -> String? { nil }
    public func run(_ words: [String], state: ShellState) async -> CommandOutcome { .failure(exitCode: 64) }
}
