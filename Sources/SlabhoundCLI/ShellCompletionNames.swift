import Foundation
import Shell
import Symbolication

/// Names Tab offers for command arguments: the files under the session's `--symbols` paths
/// (`libMD_LINUX.so`, `mi_sys.ko`, `vmlinux`) and the functions they define (`MI_MD_Init`,
/// for `locate MI_MD_Init+0x1f`). Read once per set of symbol paths and kept in the session.
struct ShellCompletionNames: Sendable, Equatable {
    var symbolPaths: [String]
    var modules: [String]
    var functions: [String]

    /// Function lists beyond this many names are cut (a vmlinux has tens of thousands).
    static let functionLimit = 200_000

    init(symbolPaths: [String]) {
        self.symbolPaths = symbolPaths
        let files = SymbolFileIndex(paths: symbolPaths).allFiles
        var modules = Set<String>()
        var functions = Set<String>()
        for file in files {
            modules.insert(file.lastPathComponent)
            guard functions.count < Self.functionLimit, ELFFile.hasELFMagic(file),
                  let elf = try? ELFFile(contentsOf: file) else { continue }
            for symbol in elf.symbols where symbol.isFunction && symbol.isDefined && !symbol.name.isEmpty {
                functions.insert(symbol.name)
            }
        }
        self.modules = modules.sorted()
        self.functions = functions.sorted()
    }

    /// Completion words for `context`: nothing for path-like words (readline completes those
    /// as files); function names only once a first letter is typed, so an empty Tab does not
    /// offer a whole kernel.
    static func words(for context: CompletionContext, state: ShellState) -> [String] {
        let word = context.word
        if word.hasPrefix("/") || word.hasPrefix(".") || word.hasPrefix("~") { return [] }
        let paths = state.settings.symbolPaths
        guard !paths.isEmpty else { return [] }
        var names = state[ShellCompletionNamesKey.self]
        if names?.symbolPaths != paths {
            names = ShellCompletionNames(symbolPaths: paths)
            state[ShellCompletionNamesKey.self] = names
        }
        guard let names else { return [] }
        return word.isEmpty ? names.modules : names.modules + names.functions.filter { $0.hasPrefix(word) }
    }
}

enum ShellCompletionNamesKey: ShellStateKey {
    static var defaultValue: ShellCompletionNames? { nil }
}
