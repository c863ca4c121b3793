import Foundation

/// JSON output for a command line, in `--json` mode (the line's own `--json`, or batch
/// `--json` for every line): each command line prints one JSON document on stdout — its result,
/// or, when it failed, `{"command", "line", "error", "exit_code"}` (the message also goes to
/// stderr for the person watching).
public enum CommandJSON {
    /// True while a command line that asked for JSON runs, so what it reaches — dispatched
    /// commands, nested `source` lines, paste hooks — prints JSON too.
    @TaskLocal public static var isRequested = false

    /// A failing command's message, for its JSON error document. Commands the shell does not
    /// define call this with the message they print on stderr; without JSON mode it does nothing.
    public static func recordError(_ message: String) {
        ShellOutput.errorSink?.append(message)
    }

    /// `object` as one line of JSON (keys sorted, so output is stable), nil if it cannot be.
    public static func text(_ object: Any) -> String? {
        guard JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The document of a failed command line.
    static func errorDocument(command: String, line: String, message: String, exitCode: Int32) -> String? {
        text(["command": command, "line": line, "error": message, "exit_code": Int(exitCode)])
    }
}

/// Messages a command line reported while it ran (see `CommandJSON.recordError`).
final class ErrorSink: @unchecked Sendable {
    private let lock = NSLock()
    private var _messages: [String] = []

    func append(_ message: String) {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        lock.withLock { _messages.append(trimmed) }
    }

    var messages: [String] { lock.withLock { _messages } }
}
