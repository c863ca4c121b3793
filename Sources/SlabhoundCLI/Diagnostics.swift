import Foundation

/// Messages for the person at the terminal go to stderr, so stdout stays the command's output
/// (a pipe, a JSON document).
struct Diagnostics: Sendable {
    var quiet = false

    func warn(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data(("slabhound: " + message + "\n").utf8))
    }
}

/// Writes to stdout in large blocks: symbolize output can be millions of lines.
final class OutputBuffer {
    private var buffer: [UInt8] = []
    private let limit = 1 << 16

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= limit { flush() }
    }

    /// Bytes as they are (no newline added).
    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

enum TerminalStyle {
    /// Colour only on a terminal, never with NO_COLOR (https://no-color.org).
    static var useColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
