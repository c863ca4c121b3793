import Foundation

/// Reads a fixture under `Fixtures/traces/` next to this file (lossy UTF-8, as real logs need).
enum TraceFixtures {
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/traces/\(name)")
    }

    static func text(_ name: String) throws -> String {
        let data = try Data(contentsOf: url(name))
        return String(decoding: data, as: UTF8.self)
    }
}
