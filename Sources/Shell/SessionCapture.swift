import Captures

/// The board output the session has taken in from pastes: the text as pasted and the samples
/// Captures' parser found in it. Kept in `ShellState[SessionCaptureKey.self]` so commands
/// (`trend`, `compare`, `guide`) can read what was pasted without a file.
public struct SessionCapture: Sendable, Equatable {
    /// Every pasted dump, in order.
    public var texts: [String] = []
    /// Samples parsed from `texts`, indexed in session order.
    public var samples: [CaptureSample] = []

    public init() {}

    /// Parses `text` and appends its samples; returns the new ones.
    @discardableResult
    public mutating func append(_ text: String) -> [CaptureSample] {
        texts.append(text)
        var added = Capture.parse(text).samples.filter { !$0.isEmpty }
        for index in added.indices { added[index].index = samples.count + index }
        samples += added
        return added
    }

    /// All pasted text as one capture log (what `trend`/`compare` would read from a file).
    public var text: String { texts.joined(separator: "\n") }
}

public enum SessionCaptureKey: ShellStateKey {
    public static var defaultValue: SessionCapture { SessionCapture() }
}
