/// The shell's own commands (everything else comes from the dispatcher).
struct Builtin: Sendable {
    enum Kind: Sendable { case help, quit, source, set, show, paste, sleep }

    var kind: Kind
    var name: String
    var aliases: [String] = []
    var usage: String
    var abstract: String
    var discussion: String = ""
    var options: [String] = []
    var isHidden = false

    static let all: [Builtin] = [
        Builtin(kind: .help, name: "help", usage: "help [COMMAND] [--json]",
                abstract: "List the commands, or show how to use one.", options: ["--json"]),
        Builtin(kind: .set, name: "set", usage: "set NAME VALUE... [--json]",
                abstract: "Change a session setting (gdb, page-size, symbols, colour, source-map).",
                discussion: """
                Settings:
                  set gdb PATH                  gdb to run (default: arm-linux-gnueabihf-gdb, else gdb-multiarch)
                  set page-size BYTES           the board's page size: 4096, 16k, 64k
                  set symbols PATH...           unstripped ELF files or directories (replaces the list; none clears it)
                  set colour auto|on|off        colour output (never when NO_COLOR is set)
                  set source-map FROM TO        read sources under TO where debug info says FROM (none clears all)
                """, options: ["--json"]),
        Builtin(kind: .show, name: "show", usage: "show [NAME] [--json]",
                abstract: "Show the session settings, or one of them.", options: ["--json"]),
        Builtin(kind: .source, name: "source", usage: "source FILE [--json]",
                abstract: "Run the commands (and pastes) in FILE; stops at the first failing command.",
                discussion: "With --json every command of FILE prints its JSON document, then {\"source\", \"commands\"}.",
                options: ["--json"]),
        Builtin(kind: .paste, name: "paste", usage: "paste [--json]",
                abstract: "Read pasted board output until an empty line (pasting at the prompt works too).",
                options: ["--json"]),
        Builtin(kind: .quit, name: "quit", aliases: ["exit", "q"], usage: "quit [STATUS] [--json]",
                abstract: "Leave the shell (Ctrl-D works too).", options: ["--json"]),
        // For testing Ctrl-C: blocks for SECONDS unless interrupted.
        Builtin(kind: .sleep, name: "sleep", usage: "sleep SECONDS",
                abstract: "Wait (a long-running command to try Ctrl-C on).", isHidden: true),
    ]

    static func named(_ name: String) -> Builtin? {
        all.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Names `set`/`show` accept; the first spelling is the canonical one.
    static let settingNames: [[String]] = [
        ["gdb"], ["page-size", "pagesize"], ["symbols"], ["colour", "color"], ["source-map", "substitute-path"],
    ]

    static func canonicalSetting(_ name: String) -> String? {
        settingNames.first { $0.contains(name.lowercased()) }?.first
    }
}
