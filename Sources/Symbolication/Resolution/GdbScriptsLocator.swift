import Foundation

/// Finds GdbScripts/slabhound.py: `$SLABHOUND_GDB_SCRIPTS`, then the checkout the binary was built
/// in (walking up from the executable: `.build/debug/slabhound` → repo), then the install prefix.
public enum GdbScriptsLocator {
    public static func helperScript(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        var candidates: [URL] = []
        if let dir = environment["SLABHOUND_GDB_SCRIPTS"] { candidates.append(URL(fileURLWithPath: dir)) }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("GdbScripts"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: "/usr/local/share/slabhound/GdbScripts"))
        candidates.append(URL(fileURLWithPath: "/usr/share/slabhound/GdbScripts"))
        return candidates.map { $0.appendingPathComponent("slabhound.py") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
