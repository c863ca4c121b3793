import GdbMI

/// The answer to one command: its result record plus the stream output gdb printed while
/// it ran. `^error` is a response like any other (`resultClass == .error`).
public struct MIResponse: Sendable, Equatable {
    public var token: UInt64
    public var resultClass: MIResultClass
    public var results: MITuple
    /// Every `~` record that arrived while the command ran, joined: gdb splits one line
    /// over several records, so split into lines only after joining.
    public var console: [UInt8]
    /// `&` records for this command (error text often arrives here too).
    public var log: [UInt8]
    /// `@` records for this command.
    public var target: [UInt8]

    public init(token: UInt64, resultClass: MIResultClass, results: MITuple,
                console: [UInt8] = [], log: [UInt8] = [], target: [UInt8] = []) {
        self.token = token
        self.resultClass = resultClass
        self.results = results
        self.console = console
        self.log = log
        self.target = target
    }

    /// `msg=` of an `^error`.
    public var errorMessage: String? {
        resultClass == .error ? results["msg"]?.stringValue : nil
    }

    /// `code=` of an `^error` (e.g. `undefined-command`).
    public var errorCode: String? {
        resultClass == .error ? results["code"]?.stringValue : nil
    }

    /// The console output as text (invalid UTF-8 replaced).
    public var consoleText: String {
        String(decoding: console, as: UTF8.self)
    }

    public var logText: String {
        String(decoding: log, as: UTF8.self)
    }
}
