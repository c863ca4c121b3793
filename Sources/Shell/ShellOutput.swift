import Foundation

/// Where the shell writes. Normal output goes through `print` (C stdio), exactly like the
/// commands' output, so the two never reorder; stderr writes flush stdout first for the same reason.
enum ShellOutput {
    static func line(_ text: String) {
        print(text)
    }

    static func error(_ text: String) {
        let style = TerminalStyle.standardError
        writeStandardError(style.red("error:") + " " + text + "\n")
    }

    static func note(_ text: String) {
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
