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
