import GdbMI

/// Every failure of the gdb session. Expected outcomes (`^error`) are not errors: they come
/// back as `MIResponse` values.
public enum GdbSessionError: Error, Sendable, CustomStringConvertible {
    /// No gdb could be found; the message says what to install.
    case gdbNotFound(String)
    /// A command did not answer in time. gdb was interrupted, and killed if that did not help.
    case timeout(command: String, after: Duration)
    /// gdb (or the peer) went away; the reason names the exit status or signal.
    case died(reason: String)
    /// A command was refused by the encoder: trace text that would not be safe in gdb.
    case encoding(String)
    /// gdb did not start: it exited, printed no prompt in time, or could not be spawned.
    case startup(String)

    public var description: String {
        switch self {
        case .gdbNotFound(let message):
            return message
        case .timeout(let command, let after):
            return "gdb did not answer `\(command)` within \(after)"
        case .died(let reason):
            return "gdb died: \(reason)"
        case .encoding(let message):
            return message
        case .startup(let message):
            return "gdb did not start: \(message)"
        }
    }
}
