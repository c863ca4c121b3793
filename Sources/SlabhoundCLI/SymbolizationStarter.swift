import Foundation
import Symbolication

/// Builds a symbolizer for a command: indexes the symbol paths, starts one gdb.
enum SymbolizationStarter {
    static func start(_ options: SymbolOptions, diagnostics: Diagnostics) async throws -> Symbolizer {
        // The command's own flags, else the session's (`slabhound --symbols D`, the shell's `set`).
        let index = SymbolFileIndex(paths: ShellDefaults.symbolPaths(options.symbolPaths))
        for problem in index.problems { diagnostics.warn(problem) }
        let backend = try await GdbBackend.start(gdb: ShellDefaults.gdbPath(options.gdbPath), timeout: .seconds(options.gdbTimeout))
        return Symbolizer(index: index, backend: backend)
    }
}
