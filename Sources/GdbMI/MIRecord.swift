/// One line of GDB/MI output.
public enum MIRecord: Sendable, Equatable {
    /// `[token]^class[,results]` — the answer to a command.
    case result(token: UInt64?, resultClass: MIResultClass, results: MITuple)
    /// `[token]*class[,results]` — execution state changes (`*stopped`, `*running`).
    case execAsync(token: UInt64?, asyncClass: String, results: MITuple)
    /// `[token]+class[,results]` — progress of slow operations.
    case statusAsync(token: UInt64?, asyncClass: String, results: MITuple)
    /// `[token]=class[,results]` — notifications that arrive unasked (`=library-loaded`).
    case notifyAsync(token: UInt64?, asyncClass: String, results: MITuple)
    /// `~"..."` — CLI output. A single logical line can be split over several records.
    case consoleStream([UInt8])
    /// `@"..."` — output of the remote target.
    case targetStream([UInt8])
    /// `&"..."` — gdb's log; error text often arrives here as well as in `^error`.
    case logStream([UInt8])
    /// `(gdb)` — end of a batch of output.
    case prompt
    /// Anything that is not MI: a gdb warning printed raw, a fake's garbage, a cut-off line.
    case unparsed(String)
}

extension MIRecord {
    /// The token of a result or async record.
    public var token: UInt64? {
        switch self {
        case .result(let token, _, _), .execAsync(let token, _, _),
             .statusAsync(let token, _, _), .notifyAsync(let token, _, _):
            return token
        case .consoleStream, .targetStream, .logStream, .prompt, .unparsed:
            return nil
        }
    }

    /// True for `*`, `+` and `=` records.
    public var isAsync: Bool {
        switch self {
        case .execAsync, .statusAsync, .notifyAsync: return true
        default: return false
        }
    }
}
