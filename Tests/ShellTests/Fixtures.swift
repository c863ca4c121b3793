import Foundation

/// Test data files next to this source (Tests/ShellTests/Fixtures).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    static func lines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}

/// The real ARM fixtures `make fixtures` builds (Examples/README.md): `$SLABHOUND_FIXTURES`, else
/// `<package>/.fixtures`. Tests that need them are skipped, with that hint, when they are absent.
enum BoardFixtures {
    static var directory: URL {
        ProcessInfo.processInfo.environment["SLABHOUND_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".fixtures")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var available: Bool {
        FileManager.default.fileExists(atPath: path("print_trace.log"))
            && FileManager.default.fileExists(atPath: path("rootfs"))
    }

    /// The first `Obtained N stack frames.` block of the mixer's real output under qemu-arm.
    static func firstPrintTraceBlock() throws -> [String] {
        let lines = try String(contentsOfFile: path("print_trace.log"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Obtained ") }) else { return [] }
        let count = Int(lines[start].split(separator: " ")[1]) ?? 0
        return Array(lines[start...min(lines.count - 1, start + count)])
    }
}
