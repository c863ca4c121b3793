import ArgumentParser
import Foundation
import Shell

/// The options that set up a session: the same for `slabhound` (shell, batch) and for a
/// subcommand given after them (`slabhound --symbols DIR symbolize trace.txt`).
struct ShellSessionOptions: ParsableArguments {
    @Option(name: .customLong("symbols"),
            help: ArgumentHelp("Unstripped ELF file or directory to resolve frames against (repeatable).", valueName: "PATH"))
    var symbols: [String] = []

    @Option(name: .customLong("gdb"),
            help: ArgumentHelp("gdb to run (default: by the symbol files' architecture: arm-linux-gnueabihf-gdb for ARM, else gdb-multiarch).", valueName: "PATH"))
    var gdb: String?

    init() {}

    /// `slabhound --symbols /typo`: an error before the shell or the command starts.
    mutating func validate() throws {
        for path in symbols { try SymbolOptions.checkSymbolPath(path, option: "--symbols") }
        if let gdb { try SymbolOptions.checkGdb(gdb) }
    }

    func settings() -> ShellSettings {
        ShellSettings(symbolPaths: symbols.map(ShellSettings.absolutePath),
                      gdbPath: gdb)
    }

    /// The session options written before the subcommand's name (`slabhound --symbols D symbolize …`).
    /// swift-argument-parser parses them but runs only the subcommand, so they are read here.
    static func leadingSettings(_ arguments: [String]) -> ShellSettings {
        var symbols: [String] = []
        var gdb: String?
        var index = 0
        func value(_ argument: String, _ name: String) -> String? {
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            if argument == name, index + 1 < arguments.count { index += 1; return arguments[index] }
            return nil
        }
        while index < arguments.count {
            let argument = arguments[index]
            if let path = value(argument, "--symbols") {
                symbols.append(ShellSettings.absolutePath(path))
            } else if let path = value(argument, "--gdb") {
                gdb = path
            }
            // No stop at the subcommand's name: swift-argument-parser hands a parent's options
            // written after it (`slabhound symbolize --symbols D`) to the parent, so they are
            // collected here wherever they stand.
            index += 1
        }
        return ShellSettings(symbolPaths: symbols, gdbPath: gdb)
    }
}
