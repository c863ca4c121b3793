import Foundation

/// A fixed list of inputs, for `source FILE`, `-ex` commands and tests.
public final class ScriptedLineSource: LineSource, @unchecked Sendable {
    private let lock = NSLock()
    private var inputs: [LineInput]
    private var consumed = 0
    private let interactive: Bool

    public init(_ inputs: [LineInput], interactive: Bool = false) {
        self.inputs = inputs
        self.interactive = interactive
    }

    public convenience init(lines: [String]) {
        self.init(lines.map { .line($0) })
    }

    public var isInteractive: Bool { interactive }

    public func read(prompt: String) async -> LineInput? {
        lock.withLock {
            guard !inputs.isEmpty else { return nil }
            consumed += 1
            return inputs.removeFirst()
        }
    }

    /// How many inputs have been read: the 1-based line number of the last one, for messages.
    public var inputsRead: Int { lock.withLock { consumed } }
}
