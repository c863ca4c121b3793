/// Where the shell's input comes from: GNU readline on a terminal, plain lines otherwise, or a
/// script in tests. One read at a time; `interrupt()` may be called from any thread.
public protocol LineSource: AnyObject, Sendable {
    /// True when a person is typing (prompts, history and completion make sense).
    var isInteractive: Bool { get }
    /// Reads the next line or paste; nil at end of input (Ctrl-D on an empty line, or EOF).
    func read(prompt: String) async -> LineInput?
    /// Like `read(prompt:)`, but with `stopOnInterrupt` Ctrl-C ends the read with `.interrupted`
    /// (e.g. to abandon a paste being collected) instead of only clearing the line.
    func read(prompt: String, stopOnInterrupt: Bool) async -> LineInput?
    /// True when more input arrives within `seconds` (or is already waiting). A paste without
    /// bracketed-paste markers arrives all at once, so silence after a line means it ended.
    func hasPendingInput(within seconds: Double) async -> Bool
    /// Ctrl-C while waiting for input: discard the half-typed line and prompt again.
    func interrupt()
    /// Remembers a command for Up-arrow recall (and the history file, when there is one).
    func addHistory(_ line: String)
}

extension LineSource {
    /// Files, pipes and scripts: input is never "paused", read on until an empty line or the end.
    public func hasPendingInput(within seconds: Double) async -> Bool { true }

    public func read(prompt: String, stopOnInterrupt: Bool) async -> LineInput? {
        await read(prompt: prompt)
    }

    public func interrupt() {}
    public func addHistory(_ line: String) {}
}
