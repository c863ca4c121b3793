import Foundation
import GdbSession
import Symbolication

/// Builds a symbolizer for a command: indexes the symbol paths, starts one gdb.
enum SymbolizationStarter {
    static func start(_ options: SymbolOptions, diagnostics: Diagnostics) async throws -> Symbolizer {
        // The command's own flags, else the session's (`slabhound --symbols D`, the shell's `set`).
        let index = SymbolFileIndex(paths: ShellDefaults.symbolPaths(options.symbolPaths))
        for problem in index.problems { diagnostics.warn(problem) }
        // Found up front so a missing gdb is reported as such even when the cache would answer.
        let gdb = try GdbLocator.locate(explicit: ShellDefaults.gdbPath(options.gdbPath))
        let timeout = Duration.seconds(options.gdbTimeout)
        guard !options.noCache, let directory = LocationCache.defaultDirectory() else {
            return Symbolizer(index: index, backend: try await GdbBackend.start(gdb: gdb, timeout: timeout))
        }
        // Locations remembered per build id; gdb starts only for what is not remembered.
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: gdb) {
            try await GdbBackend.start(gdb: gdb, timeout: timeout)
        }
        return Symbolizer(index: index, backend: backend)
    }
}
