/// A gdb CLI command (`add-symbol-file`, `info line`, `source`) built from validated
/// arguments. Run it through MI with `MICommand.console(_:)`.
public struct ConsoleCommand: Sendable, Equatable {
    /// The command words, fixed at compile time (`"info line"`).
    public let name: String
    public let arguments: [MIArgument]

    public init(_ name: StaticString, _ arguments: MIArgument...) {
        self.init(name, arguments: arguments)
    }

    public init(_ name: StaticString, arguments: [MIArgument]) {
        self.name = name.description
        self.arguments = arguments
    }

    /// The CLI line, e.g. `add-symbol-file /x/lib.so -o 0x10000000`, for reading (bytes that
    /// are not UTF-8 show as U+FFFD; `MICommand.console` sends `renderedBytes()`).
    public func rendered() throws -> String {
        String(decoding: try renderedBytes(), as: UTF8.self)
    }

    /// The CLI line as gdb's CLI must read it: any byte but NUL (a path may hold any).
    func renderedBytes() throws -> [UInt8] {
        try MIArgument.rejectLineBreaks(name)
        var line = Array(name.utf8)
        for argument in arguments {
            line.append(UInt8(ascii: " "))
            line += try argument.rendered(in: .console)
        }
        return line
    }
}
