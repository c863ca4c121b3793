import Foundation

/// Finds the gdb to drive.
public enum GdbLocator {
    /// Names tried on PATH, in order, when no gdb is given and the symbol files' machines are
    /// not known (the product's board is ARM).
    public static let candidates = ["arm-linux-gnueabihf-gdb", "gdb-multiarch"]

    /// ELF e_machine values slabhound names.
    public enum Machine {
        public static let i386: UInt16 = 3, arm: UInt16 = 40, x86_64: UInt16 = 62, aarch64: UInt16 = 183
    }

    /// Names to try for symbol files of these ELF machines: a cross gdb only when every file is
    /// of its one architecture (an `arm-linux-gnueabihf-gdb` cannot read x86-64 or arm64
    /// files), else gdb-multiarch — and the host's own gdb for x86 files on an x86-64 host.
    public static func candidates(for machines: Set<UInt16>) -> [String] {
        switch machines {
        case []: return candidates
        case [Machine.arm]: return ["arm-linux-gnueabihf-gdb", "gdb-multiarch"]
        case [Machine.aarch64]: return ["aarch64-linux-gnu-gdb", "gdb-multiarch"]
        default:
            #if arch(x86_64)
            if machines.isSubset(of: [Machine.x86_64, Machine.i386]) { return ["gdb-multiarch", "gdb"] }
            #endif
            return ["gdb-multiarch"]
        }
    }

    /// `--gdb PATH` (explicit: a path, or a name looked up on PATH) else the first of
    /// `candidates(for: machines)` on PATH, else throws `GdbSessionError.gdbNotFound` naming
    /// the Debian package to install. `machines` are the e_machine values of the symbol files
    /// (empty: not known).
    public static func locate(explicit: String?, machines: Set<UInt16> = [],
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
        let names = candidates(for: machines)
        for name in names {
            if let found = find(name, in: searchPath) { return found }
        }
        let kinds = machines.isEmpty ? "" : " for \(machines.sorted().map(machineName).joined(separator: " and ")) symbol files"
        throw GdbSessionError.gdbNotFound(
            "no gdb found\(kinds): looked for \(names.joined(separator: " and ")) on PATH. "
                + "Install Debian's package gdb-multiarch (apt-get install gdb-multiarch), "
                + "or give one with --gdb PATH.")
    }

    public static func machineName(_ machine: UInt16) -> String {
        switch machine {
        case Machine.arm: return "ARM"
        case Machine.aarch64: return "AArch64"
        case Machine.x86_64: return "x86-64"
        case Machine.i386: return "i386"
        default: return "ELF machine \(machine)"
        }
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
