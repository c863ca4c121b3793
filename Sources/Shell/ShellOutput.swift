import Foundation

/// Where the shell writes. Normal output goes through `print` (C stdio), exactly like the
/// commands' output, so the two never reorder; stderr writes flush stdout first for the same
/// reason. Errors start `Error:`, as argument-parser's do: the shell's and the commands' look alike.
enum ShellOutput {
    /// Where errors of the command line running now are kept for its JSON error document.
    @TaskLocal static var errorSink: ErrorSink?

    static func line(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        let style = TerminalStyle.standardError
        errorSink?.append(text)
        writeStandardError(style.red("Error:") + " " + text + "\n")
    }

    /// `failure`: the note says why the command failed (kept for its JSON error document).
    static func note(_ text: String, failure: Bool = false) {
        if failure { errorSink?.append(text) }
        writeStandardError(text + "\n")
    }

    static func writeStandardError(_ text: String) {
        fflush(nil)
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func flush() {
        fflush(nil)
    }
}
