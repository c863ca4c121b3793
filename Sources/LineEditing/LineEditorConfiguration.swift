import Foundation

/// How the interactive line editor behaves. The defaults are what the shell uses.
public struct LineEditorConfiguration: Sendable {
    /// Name readline knows us by (`$if slabhound` in ~/.inputrc).
    public var applicationName: String
    /// Persistent history; nil keeps history in memory only.
    public var historyFile: URL?
    /// At most this many entries are kept, in memory and in the file (`stifle_history`).
    public var historyLimit: Int
    /// Ask the terminal to bracket pastes so a multi-line paste arrives as one input.
    public var bracketedPaste: Bool

    public init(applicationName: String = "slabhound",
                historyFile: URL? = LineEditorConfiguration.defaultHistoryFile(),
                historyLimit: Int = 1000,
                bracketedPaste: Bool = true) {
        self.applicationName = applicationName
        self.historyFile = historyFile
        self.historyLimit = historyLimit
        self.bracketedPaste = bracketedPaste
    }

    /// `$HOME/.slabhound_history`; falls back to the password database's home when $HOME is unset
    /// (as readline's own tilde expansion does), nil when neither is known.
    public static func defaultHistoryFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? passwdHome()
        guard let home else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".slabhound_history")
    }

    private static func passwdHome() -> String? {
        guard let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }
}
