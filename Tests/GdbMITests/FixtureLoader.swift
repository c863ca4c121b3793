import Foundation

enum FixtureLoader {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
    }

    /// The fixture's lines as raw bytes (MI is bytes; no newline).
    static func lines(_ name: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: url(name))
        return data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Array($0) }
    }
}
