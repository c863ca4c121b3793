/// How one shell run behaves (as opposed to `ShellSettings`, which the user changes with `set`).
public struct ShellOptions: Sendable {
    public var prompt: String
    /// Batch `--json`: give `--json` to every command that has it, so each prints one JSON document.
    public var forceJSON: Bool
    /// Print the status line after each command; nil means "when interactive".
    public var statusLine: Bool?

    public init(prompt: String = "(slabhound) ", forceJSON: Bool = false, statusLine: Bool? = nil) {
        self.prompt = prompt
        self.forceJSON = forceJSON
        self.statusLine = statusLine
    }
}
