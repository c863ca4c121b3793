/// What the shell needs to know about a command it does not implement itself: for `help`,
/// completion and the `--json` default. Built by the dispatcher from its command table.
public struct ShellCommandInfo: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    /// One line, shown by `help`.
    public var abstract: String
    /// Option spellings (`--symbols`, `-x`), offered when a word starting with "-" is completed.
    public var options: [String]
    /// Hidden commands run but are not listed by `help`.
    public var isHidden: Bool

    public init(name: String, aliases: [String] = [], abstract: String, options: [String] = [], isHidden: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.options = options
        self.isHidden = isHidden
    }

    public var supportsJSON: Bool { options.contains("--json") }
}
