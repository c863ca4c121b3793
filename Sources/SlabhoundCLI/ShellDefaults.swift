import Shell

/// How a command picks up the session's defaults: what the shell was told with `set` or
/// `--symbols`/`--gdb`, or what the root command line gave before the subcommand's name.
///
///     @Option var symbols: [String] = []
///     func run() async throws {
///         let paths = ShellDefaults.symbolPaths(symbols)   // own flags win, else the session's
///     }
public enum ShellDefaults {
    /// The command's own `--symbols` when given, else the session's.
    public static func symbolPaths(_ explicit: [String] = []) -> [String] {
        explicit.isEmpty ? (ShellState.current?.settings.symbolPaths ?? []) : explicit
    }

    /// The command's own `--gdb` when given, else the session's (nil: find one).
    public static func gdbPath(_ explicit: String? = nil) -> String? {
        explicit ?? ShellState.current?.settings.gdbPath
    }

    /// The command's own page size when given, else the session's (4096 by default).
    public static func pageSize(_ explicit: Int? = nil) -> Int {
        explicit ?? ShellState.current?.settings.pageSize ?? 4096
    }

    /// Source paths as they are on this machine (`set source-map FROM TO`).
    public static func mapSourcePath(_ path: String) -> String {
        ShellState.current?.settings.mapSourcePath(path) ?? path
    }

    /// The session state itself (nil when nothing set one up, e.g. in unit tests).
    public static var state: ShellState? { ShellState.current }
}
