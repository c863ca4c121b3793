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

    /// The CLI line, e.g. `add-symbol-file "/x/lib.so" -o 0x10000000`.
    public func rendered() throws -> String {
        try MIArgument.rejectLineBreaks(name)
        var line = name
        for argument in arguments {
            line += " " + (try argument.rendered(in: .console))
        }
        return line
    }
}
