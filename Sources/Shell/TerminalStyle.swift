import Foundation

/// Colour decisions and ANSI styling. Colour only when the stream is a terminal, never when
/// NO_COLOR is set (to anything non-empty, per no-color.org), and `set colour off|on` on top.
public struct TerminalStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// The style for a file descriptor (1 = stdout, 2 = stderr) under a colour setting.
    public static func forDescriptor(_ fd: Int32, mode: ColourMode = .auto,
                                     environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle(enabled: colourAllowed(isTerminal: isatty(fd) == 1, mode: mode, environment: environment))
    }

    /// The style commands should use for stdout under the current shell's settings.
    public static var standardOutput: TerminalStyle {
        forDescriptor(STDOUT_FILENO, mode: ShellState.current?.settings.colour ?? .auto)
    }

    public static var standardError: TerminalStyle {
        forDescriptor(STDERR_FILENO, mode: ShellState.current?.settings.colour ?? .auto)
    }

    public static func colourAllowed(isTerminal: Bool, mode: ColourMode, environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        switch mode {
        case .off: return false
        case .on: return true
        case .auto: return isTerminal && environment["TERM"] != "dumb"
        }
    }

    /// Columns of the terminal on `fd`; nil when it is not a terminal.
    public static func width(of fd: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// `text` cut to fit `width` columns (one per character: the texts cut here are the shell's
    /// own status lines, where wide characters are rare), ending in `…` when cut.
    public static func fit(_ text: String, width: Int) -> String {
        guard width > 1, text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
