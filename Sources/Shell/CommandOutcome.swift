/// How a command ended. Expected failures are values: the dispatcher has already told the user
/// what went wrong (on stderr) and the shell only needs the status for batch mode's exit code.
public enum CommandOutcome: Sendable, Equatable {
    case success
    /// Failed; `exitCode` is what a one-shot command line run would have exited with.
    case failure(exitCode: Int32)
    /// Stopped by Ctrl-C.
    case interrupted

    public var succeeded: Bool { self == .success }
}
