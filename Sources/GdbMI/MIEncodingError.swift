/// A piece of text refused by the command encoder: it would not be safe, or not be one
/// argument, once in a gdb command line.
public struct MIEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending text, as given.
    public var text: String
    /// Why it was refused.
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String {
        "refused to put \(MICString.quoted(text)) into a gdb command: \(reason)"
    }
}
