import Foundation

/// Finds the GdbScripts directory: `$SLABHOUND_GDB_SCRIPTS`, then the checkout the binary was
/// built in (walking up from the executable: `.build/debug/slabhound` → repo), then the install
/// prefix. The first one holding slabhound.py wins.
public enum GdbScriptsLocator {
    /// GdbScripts/slabhound.py: the `-slabhound-resolve` helper.
    public static func helperScript(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        scriptsDirectory(environment: environment)?.appendingPathComponent("slabhound.py")
    }

    /// GdbScripts/data-directory: the data directory slabhound starts gdb with, holding only a
    /// minimal `gdb` Python package (see its `__init__.py` for why). Nil when it is missing; gdb
    /// then uses its own.
    public static func dataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        guard let directory = scriptsDirectory(environment: environment)?.appendingPathComponent("data-directory"),
              FileManager.default.fileExists(atPath: directory.appendingPathComponent("python/gdb/__init__.py").path)
        else { return nil }
        return directory
    }

    private static func scriptsDirectory(environment: [String: String]) -> URL? {
        var candidates: [URL] = []
        if let dir = environment["SLABHOUND_GDB_SCRIPTS"] { candidates.append(URL(fileURLWithPath: dir)) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("GdbScripts"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/slabhound/GdbScripts"))
        candidates.append(URL(fileURLWithPath: "/usr/share/slabhound/GdbScripts"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("slabhound.py").path) }
    }
}
