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
    /// `machines` reads the symbol files' ELF machines (tests count its calls).
    static func start(_ options: SymbolOptions, diagnostics: Diagnostics,
                      machines: ([URL]) -> Set<UInt16> = ELFMachines.of) async throws -> Symbolizer {
        // The command's own flags, else the session's (`slabhound --symbols D`, the shell's `set`).
        let paths = ShellDefaults.symbolPaths(options.symbolPaths)
        let index = SymbolFileIndex(paths: paths)
        for problem in index.problems { diagnostics.warn(problem) }
        let explicitGdb = ShellDefaults.gdbPath(options.gdbPath)
        let timeout = Duration.seconds(options.gdbTimeout)
        // What was asked for, not the gdb it led to: a reused symbolizer (every paste in the
        // shell) then costs no gdb search and no read of every symbol file's header.
        let identity = SessionSymbolizer.Identity(gdb: explicitGdb, timeout: options.gdbTimeout,
                                                  noCache: options.noCache, roots: index.roots)

        guard let state = ShellState.current, state[KeepsSymbolizerKey.self] else {
            let gdb = try locateGdb(explicit: explicitGdb, index: index, machines: machines)
            let (symbolizer, caching) = try await make(index: index, gdb: gdb, timeout: timeout, noCache: options.noCache)
            if let caching {
                ShellState.current?.update(CommandCachingBackendsKey.self) { $0[ObjectIdentifier(symbolizer)] = caching }
            }
            return symbolizer
        }
        if let kept = state[SessionSymbolizerKey.self], kept.identity == identity {
            // A failed gdb start under an earlier paste is not this command's.
            _ = await kept.caching?.takeStartFailure()
            return kept.symbolizer
        }
        // Before the session's symbolizer ends: without a gdb for the new one, it stays.
        let gdb = try locateGdb(explicit: explicitGdb, index: index, machines: machines)
        await endSession(state)
        let (symbolizer, caching) = try await make(index: index, gdb: gdb, timeout: timeout, noCache: options.noCache)
        state.update(SessionSymbolizerKey.self) {
            $0 = SessionSymbolizer(identity: identity, symbolizer: symbolizer, caching: caching)
        }
        return symbolizer
    }

    /// The gdb for a new symbolizer. Found before it is made so a missing gdb is reported as such
    /// even when the cache would answer. Without --gdb, one that reads every symbol file's
    /// architecture (an ARM cross gdb cannot read x86-64 or arm64 kernels).
    private static func locateGdb(explicit: String?, index: SymbolFileIndex,
                                  machines: ([URL]) -> Set<UInt16>) throws -> String {
        try GdbLocator.locate(explicit: explicit, machines: explicit == nil ? machines(index.allFiles) : [])
    }

    private static func make(index: SymbolFileIndex, gdb: String, timeout: Duration,
                             noCache: Bool) async throws -> (Symbolizer, CachingLocationBackend?) {
        guard !noCache, let directory = LocationCache.defaultDirectory() else {
            return (Symbolizer(index: index, backend: try await GdbBackend.start(gdb: gdb, timeout: timeout)), nil)
        }
        // Locations remembered per build id; gdb starts only for what is not remembered.
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: gdb) {
            try await GdbBackend.start(gdb: gdb, timeout: timeout)
        }
        return (Symbolizer(index: index, backend: backend), backend)
    }

    /// A command is done with its symbolizer: the session's stays up (its cache is saved),
    /// a command's own is shut down.
    ///
    /// With the location cache, gdb starts only when an answer is missing, so a gdb that cannot
    /// start shows up here rather than in `start` (where `--no-cache` fails): it is recorded as
    /// the command's `GdbStartFailureKey`, which fails a command whose job is resolving frames
    /// (exit status 1, see `GdbStartFailure`) once it has printed what the cache could answer.
    static func finish(_ symbolizer: Symbolizer) async {
        let state = ShellState.current
        var caching: CachingLocationBackend?
        if let kept = state?[SessionSymbolizerKey.self], kept.symbolizer === symbolizer {
            caching = kept.caching
            await symbolizer.flush()
        } else {
            state?.update(CommandCachingBackendsKey.self) { caching = $0.removeValue(forKey: ObjectIdentifier(symbolizer)) }
            await symbolizer.shutdown()
        }
        if let failure = await caching?.takeStartFailure() {
            state?.update(GdbStartFailureKey.self) { $0 = failure }
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

/// The session's symbolizer and what it was made for.
struct SessionSymbolizer: Sendable {
    /// The options a command asks for a symbolizer with: when they are the same, it is reused.
    struct Identity: Equatable, Sendable {
        /// `--gdb` (or the session's `set gdb`); nil: chosen by the symbol files' machines.
        var gdb: String?
        var timeout: Int
        var noCache: Bool
        var roots: [String]
    }

    var identity: Identity
    var symbolizer: Symbolizer
    /// Its backend when the location cache is on (asked whether gdb failed to start).
    var caching: CachingLocationBackend?
}

/// The caching backends of commands' own symbolizers, until `finish`.
enum CommandCachingBackendsKey: ShellStateKey {
    static let defaultValue: [ObjectIdentifier: CachingLocationBackend] = [:]
}


enum SessionSymbolizerKey: ShellStateKey {
    static let defaultValue: SessionSymbolizer? = nil
}
