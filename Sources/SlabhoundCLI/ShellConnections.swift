import Shell

/// Where the shell meets the rest of slabhound: each hook below is the one place to connect a
/// piece (see `ShellHooks` for what each receives). Until a piece lands, the Shell module's
/// default keeps the shell usable: pasted traces are echoed unresolved, pasted dumps counted.
enum ShellConnections {
    static func hooks() -> ShellHooks {
        ShellHooks(
            // TODO(symbolize): resolve `paste.text` with the symbolizer, print each line annotated.
            symbolizeText: ShellHooks.echoTrace,
            // TODO(capture): parse `paste.text` into the session capture (a ShellStateKey slot).
            appendToCapture: ShellHooks.tallyDump,
            // TODO(guide): one line from the checklist state machine.
            statusLine: ShellHooks.tallyStatus,
            // TODO(gdb): interrupt the session's gdb (-exec-interrupt / SIGINT to its group).
            interrupt: { _ in },
            // TODO(symbols): loaded module and symbol names for completion.
            completionWords: { _, _ in [] },
            // TODO(gdb): restart gdb when `gdb` changed; reload when `symbols` changed.
            settingsChanged: { _, _ in }
        )
    }
}
