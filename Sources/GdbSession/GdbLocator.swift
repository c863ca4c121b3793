import Foundation

/// Finds the gdb to drive.
public enum GdbLocator {
    /// Names tried on PATH, in order, when no gdb is given.
    public static let candidates = ["arm-linux-gnueabihf-gdb", "gdb-multiarch"]

    /// `--gdb PATH` (explicit: a path, or a name looked up on PATH) else
    /// `arm-linux-gnueabihf-gdb` on PATH, else `gdb-multiarch` on PATH, else throws
    /// `GdbSessionError.gdbNotFound` naming the Debian package to install.
    public static func locate(explicit: String?,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let searchPath = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        if let explicit, !explicit.isEmpty {
            if explicit.contains("/") {
                if let problem = problem(with: explicit) {
                    throw GdbSessionError.gdbNotFound("--gdb \(explicit): \(problem)")
                }
                return URL(fileURLWithPath: explicit).standardizedFileURL.path
            }
            if let found = find(explicit, in: searchPath) { return found }
            throw GdbSessionError.gdbNotFound("--gdb \(explicit): not found on PATH")
        }
        for name in candidates {
            if let found = find(name, in: searchPath) { return found }
        }
        throw GdbSessionError.gdbNotFound(
            "no gdb found: looked for \(candidates.joined(separator: " and ")) on PATH. "
                + "Install Debian's package gdb-multiarch (apt-get install gdb-multiarch), "
                + "or give one with --gdb PATH.")
    }

    static func find(_ name: String, in searchPath: [String]) -> String? {
        for directory in searchPath {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    /// Why `path` cannot be run as gdb, or nil when it can.
    static func problem(with path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such file"
        }
        if isDirectory.boolValue { return "is a directory, not a program" }
        // isExecutableFile is true for root whatever the mode bits: check them too.
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        if mode & 0o111 == 0 || !FileManager.default.isExecutableFile(atPath: path) {
            return "is not executable (chmod +x, or give another gdb)"
        }
        return nil
    }

    static func isExecutableFile(_ path: String) -> Bool {
        problem(with: path) == nil
    }
}
