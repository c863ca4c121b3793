import ArgumentParser
import Foundation
import GdbSession

/// Where symbols come from and which gdb reads them; shared by every command that symbolizes.
struct SymbolOptions: ParsableArguments {
    @Option(name: .customLong("symbols"), help: ArgumentHelp(
        "An unstripped .so/.ko/vmlinux file, or a directory searched recursively (repeatable).",
        valueName: "path"))
    var symbolPaths: [String] = []

    @Option(name: .customLong("gdb"), help: ArgumentHelp(
        "The gdb to use (default: by the symbol files' architecture: arm-linux-gnueabihf-gdb for ARM, else gdb-multiarch).",
        valueName: "path"))
    var gdbPath: String?

    @Option(name: .customLong("gdb-timeout"), help: ArgumentHelp("Seconds one gdb command may take.", valueName: "seconds"))
    var gdbTimeout: Int = 60

    @Flag(name: .customLong("no-cache"), help: ArgumentHelp(
        "Neither read nor write the location cache ($XDG_CACHE_HOME/slabhound, else ~/.cache/slabhound)."))
    var noCache = false
}

extension SymbolOptions {
    /// Checked before the command runs, so a typo in a path is an error up front (exit status
    /// 64, like any bad option value) rather than a warning after the input was read and every
    /// frame came out unresolved.
    mutating func validate() throws {
        for path in symbolPaths { try Self.checkSymbolPath(path, option: "--symbols") }
        if let gdbPath { try Self.checkGdb(gdbPath) }
    }

    /// A symbol file or directory that exists and can be read (a directory: listed and entered).
    static func checkSymbolPath(_ path: String, option: String) throws {
        let expanded = NSString(string: path).expandingTildeInPath
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) else {
            throw ValidationError("\(option) \(path): no such file or directory")
        }
        let mode = isDirectory.boolValue ? R_OK | X_OK : R_OK
        guard access(expanded, mode) == 0 else {
            throw ValidationError("\(option) \(path): cannot read it (\(String(cString: strerror(errno))))")
        }
    }

    /// `--gdb`: an executable file (a path, or a name found on PATH).
    static func checkGdb(_ gdb: String) throws {
        do {
            _ = try GdbLocator.locate(explicit: gdb)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
