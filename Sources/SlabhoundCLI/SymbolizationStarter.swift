import Foundation
import GdbSession
import Shell
import Symbolication

/// Builds a symbolizer for a command: indexes the symbol paths, starts one gdb.
///
/// In the shell (and batch mode) one symbolizer — one gdb with every module loaded — serves the
/// whole session: a paste after a paste costs no gdb start, Ctrl-C interrupts that gdb, and if
/// gdb dies the session restarts it with the modules it had. A plain `slabhound symbolize`
/// starts its own and shuts it down (`finish`).
enum SymbolizationStarter {
    static func start(_ options: SymbolOptions, diagnostics: Diagnostics) async throws -> Symbolizer {
        // The command's own flags, else the session's (`slabhound --symbols D`, the shell's `set`).
        let paths = ShellDefaults.symbolPaths(options.symbolPaths)
        let index = SymbolFileIndex(paths: paths)
        for problem in index.problems { diagnostics.warn(problem) }
        // Found up front so a missing gdb is reported as such even when the cache would answer.
        let gdb = try GdbLocator.locate(explicit: ShellDefaults.gdbPath(options.gdbPath))
        let timeout = Duration.seconds(options.gdbTimeout)
        let identity = [gdb, "\(options.gdbTimeout)", "\(options.noCache)"] + index.roots

        guard let state = ShellState.current, state[KeepsSymbolizerKey.self] else {
            return try await make(index: index, gdb: gdb, timeout: timeout, noCache: options.noCache)
        }
        if let kept = state[SessionSymbolizerKey.self], kept.identity == identity { return kept.symbolizer }
        await endSession(state)
        let symbolizer = try await make(index: index, gdb: gdb, timeout: timeout, noCache: options.noCache)
        state.update(SessionSymbolizerKey.self) { $0 = SessionSymbolizer(identity: identity, symbolizer: symbolizer) }
        return symbolizer
    }

    private static func make(index: SymbolFileIndex, gdb: String, timeout: Duration, noCache: Bool) async throws -> Symbolizer {
        guard !noCache, let directory = LocationCache.defaultDirectory() else {
            return Symbolizer(index: index, backend: try await GdbBackend.start(gdb: gdb, timeout: timeout))
        }
        // Locations remembered per build id; gdb starts only for what is not remembered.
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: gdb) {
            try await GdbBackend.start(gdb: gdb, timeout: timeout)
        }
        return Symbolizer(index: index, backend: backend)
    }

    /// A command is done with its symbolizer: the session's stays up (its cache is saved),
    /// a command's own is shut down.
    static func finish(_ symbolizer: Symbolizer) async {
        if let kept = ShellState.current?[SessionSymbolizerKey.self], kept.symbolizer === symbolizer {
            await symbolizer.flush()
        } else {
            await symbolizer.shutdown()
        }
    }

    /// Ctrl-C in the shell.
    static func interrupt(_ state: ShellState) async {
        await state[SessionSymbolizerKey.self]?.symbolizer.interrupt()
    }

    /// Shuts the session's gdb down (the shell exits, or `set gdb`/`set symbols` changed it).
    static func endSession(_ state: ShellState) async {
        guard let kept = state[SessionSymbolizerKey.self] else { return }
        state.update(SessionSymbolizerKey.self) { $0 = nil }
        await kept.symbolizer.shutdown()
    }
}

/// Set by the shell and batch mode: commands keep one symbolizer for the session.
enum KeepsSymbolizerKey: ShellStateKey {
    static let defaultValue = false
}

/// The session's symbolizer and what it was made for (gdb, timeout, cache, symbol roots).
struct SessionSymbolizer: Sendable {
    var identity: [String]
    var symbolizer: Symbolizer
}

enum SessionSymbolizerKey: ShellStateKey {
    static let defaultValue: SessionSymbolizer? = nil
}
