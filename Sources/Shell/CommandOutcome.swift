/// How a command ended. Expected failures are values: the dispatcher has already told the user
/// what went wrong (on stderr) and the shell only needs the status for batch mode's exit code.
public enum CommandOutcome: Sendable, Equatable {
    case success
    /// Failed; `exitCode` is what a one-shot command line run would have exited with.
    case failure(exitCode: Int32)
    /// Stopped by Ctrl-C.
    case interrupted

    public var succeeded: Bool { self == .success }

    /// The process exit status this outcome stands for in batch and stdin mode (README, "Exit
    /// status"): 0, the failure's own code, or 130 for Ctrl-C (128 + SIGINT, as shells report it).
    public var exitCode: Int32 {
        switch self {
        case .success: return 0
        case .failure(let code): return code
        case .interrupted: return 130
        }
    }
}
