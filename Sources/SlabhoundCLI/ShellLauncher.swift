import Foundation
import Shell

/// Starts the right kind of session for how slabhound was invoked: the interactive shell on a
/// terminal, commands from stdin otherwise, gdb-style `-batch`/`-x`/`-ex`.
struct ShellLauncher {
    var settings: ShellSettings
    var batch: Bool
    var forceJSON: Bool

    func run(items: [BatchItem]) async -> Int32 {
        let state = ShellState(settings: settings)
        // One gdb for the whole session: pastes and commands reuse it (see SymbolizationStarter).
        state.update(KeepsSymbolizerKey.self) { $0 = true }
        // Batch mode with -x/-ex reads no commands from stdin: a command's `-` may have it.
        state[FreeStandardInputKey.self] = batch && !items.isEmpty
        let shell = Shell(state: state, dispatcher: GdbFailureCheckingDispatcher(inner: ShellDispatcher()),
                          hooks: ShellConnections.hooks(), options: ShellOptions(forceJSON: forceJSON))
        let status = await runItems(items, shell: shell)
        await SymbolizationStarter.endSession(state)
        return status
    }

    private func runItems(_ items: [BatchItem], shell: Shell) async -> Int32 {
        var status: Int32 = 0
        if !items.isEmpty {
            status = await shell.runBatch(items)
            if batch { return status }
        }
        let stdinIsTerminal = isatty(STDIN_FILENO) == 1
        if batch && stdinIsTerminal { return status }
        let loopStatus = await shell.runOnStandardInput()
        return status != 0 ? status : loopStatus
    }

    /// `-x` files and `-ex` commands in the order they were written (gdb runs them so);
    /// argument-parser keeps each option's values in order but not the interleaving, so that
    /// is read back from the raw arguments — and trusted only if it accounts for every value.
    static func batchItems(files: [String], commands: [String], arguments: [String]) -> [BatchItem] {
        var ordered: [BatchItem] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            switch argument {
            case "-x", "--command":
                if let next { ordered.append(.file(next)); index += 1 }
            case "-ex", "--eval-command":
                if let next { ordered.append(.command(next)); index += 1 }
            default:
                if argument.hasPrefix("--command=") { ordered.append(.file(String(argument.dropFirst(10)))) }
                if argument.hasPrefix("--eval-command=") { ordered.append(.command(String(argument.dropFirst(15)))) }
            }
            index += 1
        }
        let orderedFiles = ordered.compactMap { if case .file(let f) = $0 { f } else { nil } }
        let orderedCommands = ordered.compactMap { if case .command(let c) = $0 { c } else { nil } }
        if orderedFiles == files && orderedCommands == commands { return ordered }
        return files.map { .file($0) } + commands.map { .command($0) }
    }
}
