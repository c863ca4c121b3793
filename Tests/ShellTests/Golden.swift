import Foundation
import Testing

/// Golden files under Fixtures/batch: compare, or re-record with SLABHOUND_RECORD_GOLDEN=1.
enum Golden {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = Fixtures.directory.appendingPathComponent("batch").appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SLABHOUND_RECORD_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from \(name) (re-record with SLABHOUND_RECORD_GOLDEN=1)", sourceLocation: sourceLocation)
    }
}
