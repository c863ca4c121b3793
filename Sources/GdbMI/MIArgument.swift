/// One argument of a gdb command. The only ways to build one are compile-time literals and
/// validating constructors, so text read from a trace can never turn into a command, an
/// option or a second line.
public struct MIArgument: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case literal(String)
        case identifier(String)
        case number(Int)
        case address(UInt64)
        case codeAddress(UInt64)
        case path([UInt8])
        case rawPath(String)
        case cString(String)
        /// The CLI line of `MICommand.console`, rendered then quoted as one c-string.
        case consoleLine(ConsoleCommand)
    }

    let kind: Kind

    init(kind: Kind) {
        self.kind = kind
    }

    /// Program text fixed at compile time (an option like `-o`, `--`, a keyword).
    public static func literal(_ text: StaticString) -> MIArgument {
        MIArgument(kind: .literal(text.description))
    }

    /// A symbol, register or convenience-variable name: `[A-Za-z_.$]` then
    /// `[A-Za-z0-9_.$:<>~ ,*&[]-]` (C++ names like `std::vector<int, A>::~vector` fit).
    /// Checked when the command is encoded.
    public static func identifier(_ text: String) -> MIArgument {
        MIArgument(kind: .identifier(text))
    }

    /// A decimal integer.
    public static func number(_ value: Int) -> MIArgument {
        MIArgument(kind: .number(value))
    }

    /// An address, written `0x…`.
    public static func address(_ value: UInt64) -> MIArgument {
        MIArgument(kind: .address(value))
    }

    /// A location at an address, written `*0x…` (for `info line`, `info symbol`, `list`).
    public static func codeAddress(_ value: UInt64) -> MIArgument {
        MIArgument(kind: .codeAddress(value))
    }

    /// A file name for a command that splits its arguments with buildargv: a CLI command run
    /// through `MICommand.console` (`add-symbol-file`, `symbol-file`, `file`) takes any path
    /// (see MIArgument+Paths.swift); as an argument of an MI command only printable ASCII is
    /// taken. Refused when encoded: empty, NUL, and `~` after a blank or tab (gdb would expand
    /// it whatever the quoting). A relative path is sent with `./` in front.
    public static func path(_ text: String) -> MIArgument {
        MIArgument(kind: .path(Array(text.utf8)))
    }

    /// A file name given as the bytes the file system holds (which need not be UTF-8).
    public static func path(bytes: [UInt8]) -> MIArgument {
        MIArgument(kind: .path(bytes))
    }

    /// A file name written as is, for CLI commands that take the rest of the line verbatim
    /// and do not understand quotes (`source`): quotes, backslashes and any byte but NUL are
    /// fine; a line break, trailing whitespace and `~` after a blank or tab are refused. A
    /// relative path is sent with `./` in front.
    public static func rawPath(_ text: String) -> MIArgument {
        MIArgument(kind: .rawPath(text))
    }

    /// Arbitrary text as a quoted c-string argument (for Python-defined MI commands).
    /// Only NUL is refused; newlines are escaped, so it stays one line.
    public static func cString(_ text: String) -> MIArgument {
        MIArgument(kind: .cString(text))
    }
}

extension MIArgument: ExpressibleByStringLiteral {
    // StaticString only: a `String` variable cannot become a literal argument.
    public typealias StringLiteralType = StaticString
    public typealias ExtendedGraphemeClusterLiteralType = StaticString
    public typealias UnicodeScalarLiteralType = StaticString

    public init(stringLiteral value: StaticString) {
        self.init(kind: .literal(value.description))
    }

    public init(extendedGraphemeClusterLiteral value: StaticString) {
        self.init(kind: .literal(value.description))
    }

    public init(unicodeScalarLiteral value: StaticString) {
        self.init(kind: .literal(value.description))
    }
}

extension MIArgument: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) {
        self.init(kind: .number(value))
    }
}
