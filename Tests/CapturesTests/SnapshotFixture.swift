import Foundation

/// Fixture files of the snapshot tests, found next to this file.
enum SnapshotFixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/snapshots")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// Whitespace-split fields of the fixture's lines that start with `prefix` — an independent
    /// reading of the text, so tests do not check the parser against itself.
    static func rows(_ name: String, startingWith prefix: String) throws -> [[String]] {
        try text(name).split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .filter { $0.hasPrefix(prefix) }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }
}
