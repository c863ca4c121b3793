/// One GDB/MI command. The operation is compile-time text; every argument is an
/// `MIArgument`, so nothing read from a trace can become a command of its own.
///
///     MICommand("-data-disassemble", "-s", .address(0x1000), "-e", .address(0x1002), "--", "1")
///     MICommand.console(ConsoleCommand("add-symbol-file", .path("/x/lib.so"), "-o", .address(0x10000000)))
public struct MICommand: Sendable, Equatable {
    /// The MI operation, e.g. `-data-evaluate-expression`.
    public let operation: String
    public let arguments: [MIArgument]

    public init(_ operation: StaticString, _ arguments: MIArgument...) {
        self.init(operation, arguments: arguments)
    }

    public init(_ operation: StaticString, arguments: [MIArgument]) {
        self.operation = operation.description
        self.arguments = arguments
    }

    /// `-interpreter-exec console "<the CLI line, escaped>"`.
    public static func console(_ command: ConsoleCommand) -> MICommand {
        MICommand("-interpreter-exec", arguments: ["console", MIArgument(kind: .consoleLine(command))])
    }

    /// The line to send, `<token><operation> <args>`, without the trailing newline.
    /// Throws `MIEncodingError` when an argument is refused.
    public func encoded(token: UInt64) throws -> String {
        guard operation.hasPrefix("-"), !operation.dropFirst().isEmpty,
              operation.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                      || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
              })
        else {
            throw MIEncodingError(text: operation, reason: "an MI operation is `-` followed by letters, digits, `-` or `_`")
        }
        var line = String(token) + operation
        for argument in arguments {
            // MI-context renderings are ASCII, so this decoding is exact.
            line += " " + String(decoding: try argument.rendered(in: .mi), as: UTF8.self)
        }
        return line
    }
}

extension MICommand: CustomStringConvertible {
    /// The command as it would be sent (token 0), or a note that it would be refused;
    /// used in error messages.
    public var description: String {
        do {
            let line = try encoded(token: 0)
            return String(line.dropFirst())
        } catch {
            return operation + " <refused: \(error)>"
        }
    }
}
