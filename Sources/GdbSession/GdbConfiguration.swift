/// How to start gdb and how long to wait for it.
public struct GdbConfiguration: Sendable {
    /// The gdb to run: a resolved path (see `GdbLocator`).
    public var executable: String
    /// Arguments after the locked-down defaults (a test's fake uses them for its script).
    public var extraArguments: [String]
    /// How long one command may take before gdb is interrupted.
    public var commandTimeout: Duration
    /// How long gdb may take to print its first prompt.
    public var startupTimeout: Duration
    /// After a timeout gdb gets SIGINT; if it has not answered this long after, it is killed
    /// and restarted.
    public var interruptGrace: Duration
    /// The MI version: `mi3` (gdb ≥ 9). If gdb refuses it at start-up (old vendor gdbs),
    /// the session retries once with `mi2`.
    public var interpreter: String
    /// The child's environment; nil means this process's environment with `LC_MESSAGES=C`
    /// (gdb's messages are parsed, so they must not be translated).
    public var environment: [String: String]?
    /// gdb's `--data-directory`; nil keeps gdb's own. slabhound passes GdbScripts/data-directory,
    /// whose minimal Python package starts ~25-35 ms faster than gdb's.
    public var dataDirectory: String?

    public init(executable: String,
                extraArguments: [String] = [],
                commandTimeout: Duration = .seconds(30),
                startupTimeout: Duration = .seconds(30),
                interruptGrace: Duration = .seconds(2),
                interpreter: String = "mi3",
                environment: [String: String]? = nil) {
        self.executable = executable
        self.extraArguments = extraArguments
        self.commandTimeout = commandTimeout
        self.startupTimeout = startupTimeout
        self.interruptGrace = interruptGrace
        self.interpreter = interpreter
        self.environment = environment
    }

    /// Settings given before anything is loaded (`-iex`): no init files, no auto-loaded
    /// scripts (an ELF file can carry a Python script in `.debug_gdb_scripts`), no network
    /// lookups, no pager, no questions, no line wrapping.
    public static let lockedDownSettings: [String] = [
        "set auto-load off",
        "set auto-load safe-path /nonexistent",
        "set debuginfod enabled off",
        "set pagination off",
        "set confirm off",
        "set width 0",
        "set height 0",
    ]

    /// The full argument list after argv[0].
    public func arguments(interpreter: String? = nil) -> [String] {
        var arguments = ["-nx", "-nh", "-q", "-i=\(interpreter ?? self.interpreter)"]
        if let dataDirectory { arguments.append("--data-directory=\(dataDirectory)") }
        for setting in Self.lockedDownSettings {
            arguments += ["-iex", setting]
        }
        return arguments + extraArguments
    }
}
