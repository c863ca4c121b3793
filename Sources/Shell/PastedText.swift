/// A block of board output the user pasted at the prompt (or that `paste` collected).
public struct PastedText: Sendable, Equatable {
    /// The text as pasted, lines joined with "\n" (no trailing newline).
    public var text: String
    /// What the recogniser found in it; never empty for a recognised paste.
    public var kinds: Set<PasteKind>

    public init(text: String, kinds: Set<PasteKind>) {
        self.text = text
        self.kinds = kinds
    }

    public var lines: [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    public var hasTrace: Bool { kinds.contains { $0.isTrace } }
    public var hasDump: Bool { kinds.contains { $0.isDump } }
}

extension PastedText {
    /// The JSON document of a paste in `--json` mode: what was recognised, plus `fields`.
    public func jsonSummary(_ fields: [String: Any]) -> String {
        var object = fields
        object["pasted"] = kinds.map(\.rawValue).sorted()
        object["lines"] = lines.count
        return CommandJSON.text(object) ?? "{}"
    }
}
