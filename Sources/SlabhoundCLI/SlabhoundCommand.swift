import ArgumentParser
import Foundation
import Shell

/// The root command. Each subcommand lives in its own file, named after it.
///
/// Without a subcommand it is the shell: on a terminal an interactive `(slabhound) ` prompt,
/// otherwise commands read from stdin; `-batch`, `-x FILE` and `-ex CMD` work as in gdb.
/// `--symbols` and `--gdb` given here become the session's defaults, for the shell and for a
/// subcommand alike (commands read them through `ShellDefaults`).
public struct SlabhoundCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "slabhound",
        abstract: "Find embedded-Linux memory leaks: read board captures, symbolize traces with gdb.",
        discussion: """
        The method: (0) `trend` decides whether memory leaks; (1–3) `compare` says which kind of \
        memory, which slab caches and which heap owner grew; (4) `symbolize`/`locate` turn the \
        allocation backtraces into source lines. `oom` reads OOM-killer reports; `collector` \
        prints the script to run on the board.

        With no subcommand, slabhound is a shell: paste what the board printed at the \
        `(slabhound) ` prompt, or script it gdb-style: `slabhound -batch -x FILE`, \
        `slabhound -batch -ex 'trend log.txt' -ex 'compare log.txt'`, or commands on stdin.

        Batch and stdin mode run every -ex command even after one failed (as gdb does); a \
        failure inside a -x or `source` file skips the rest of that file. The exit status is \
        the code of the first command that failed, 0 when all succeeded: 1 a command failed \
        (gdb could not start, a location did not resolve), 64 a usage error (unknown command, \
        bad option or value, an input that cannot be read), 65 pasted text slabhound does not \
        read, 66 a file or program named to `set`, -x or `source` is missing, 130 Ctrl-C; \
        `quit N` exits with N at once.
        """,
        subcommands: [
            SymbolizeCommand.self,
            LocateCommand.self,
            TrendCommand.self,
            CompareCommand.self,
            OomCommand.self,
            CollectorCommand.self,
            BlameCommand.self,
            ReportCommand.self,
            CaptureCommand.self,
            LoadCommand.self,
            GuideCommand.self,
        ]
    )

    @OptionGroup(title: "Session")
    var session: ShellSessionOptions

    @Flag(name: [.customLong("batch", withSingleDash: true), .customLong("batch")],
          help: "Run the -x/-ex commands (or stdin's, when there are none) and exit; no prompt.")
    var batch = false

    @Option(name: [.customShort("x"), .customLong("command")],
            help: ArgumentHelp("Run the commands in FILE (repeatable; in order with -ex).", valueName: "FILE"))
    var commandFiles: [String] = []

    @Option(name: [.customLong("ex", withSingleDash: true), .customLong("eval-command")],
            help: ArgumentHelp("Run one command line (repeatable; in order with -x).", valueName: "CMD"))
    var evalCommands: [String] = []

    @Flag(help: "One JSON document per command line, on stdout; a failure is {command, line, error, exit_code}.")
    var json = false

    public init() {}

    public func run() async throws {
        let items = ShellLauncher.batchItems(files: commandFiles, commands: evalCommands,
                                             arguments: Array(CommandLine.arguments.dropFirst()))
        let launcher = ShellLauncher(settings: session.settings(), batch: batch, forceJSON: json)
        let status = await launcher.run(items: items)
        if status != 0 { throw ExitCode(status) }
    }

    /// Like `AsyncParsableCommand.main()`, but a subcommand run on the command line also sees the
    /// root's `--symbols`/`--gdb` (as `ShellState.current`), exactly as it would in the shell.
    public static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseCommandLine(arguments)
            if let asyncCommand = command as? AsyncParsableCommand {
                let state = ShellState(settings: ShellSessionOptions.leadingSettings(arguments))
                try await ShellState.$current.withValue(state) { try await CommandRunError.run(asyncCommand) }
                // What the location cache answered is printed; the rest needed a gdb that did not start.
                if let failure = GdbStartFailure.take(after: type(of: command), state: state) { throw failure }
            } else {
                try command.run()
            }
        } catch let refusal as CommandRunError {
            // Refused while running (a file it cannot read): the message alone, as in the shell.
            FileHandle.standardError.write(Data("\(fullMessage(for: refusal))\n".utf8))
            Foundation.exit(CommandRunError.exitCode(for: refusal).rawValue)
        } catch {
            exit(withError: error)
        }
    }
}
