import ArgumentParser

/// The root command. Each subcommand lives in its own file, named after it.
public struct SlabhoundCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "slabhound",
        abstract: "Find embedded-Linux memory leaks: read board captures, symbolize traces with gdb.",
        discussion: """
        The method: (0) `trend` decides whether memory leaks; (1–3) `compare` says which kind of \
        memory, which slab caches and which heap owner grew; (4) `symbolize`/`locate` turn the \
        allocation backtraces into source lines. `oom` reads OOM-killer reports; `collector` \
        prints the script to run on the board.
        """,
        subcommands: [
            SymbolizeCommand.self,
            LocateCommand.self,
            TrendCommand.self,
            CompareCommand.self,
            OomCommand.self,
            CollectorCommand.self,
        ]
    )

    public init() {}
}
