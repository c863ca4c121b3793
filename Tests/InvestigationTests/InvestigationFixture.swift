import Foundation
import Captures

/// Fixtures: the recorded captures next to this file, and the seed's snapshots kept with the
/// Captures tests.
enum InvestigationFixture {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let recorded = here.appendingPathComponent("Fixtures")
    static let seed = here.deletingLastPathComponent().appendingPathComponent("CapturesTests/Fixtures/snapshots")

    static func seedPath(_ name: String) -> String { seed.appendingPathComponent(name).path }
    static func recordedPath(_ name: String) -> String { recorded.appendingPathComponent(name).path }

    static func text(_ path: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    }

    /// An independent reading of slabinfo rows in a text: name → (num_slabs × pagesperslab) of
    /// each occurrence, in order — plain string splitting, not the parser under test.
    static func slabPages(_ text: Substring) -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 16, f[6] == ":", f[7] == "tunables", f[12] == "slabdata",
                  let pages = Int64(f[5]), let slabs = Int64(f[14]) else { continue }
            out[String(f[0]), default: []].append(slabs * pages)
        }
        return out
    }

    /// `Key: N kB` lines of a text, first occurrence of each key.
    static func meminfo(_ text: Substring) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            if f.count == 3, f[0].hasSuffix(":"), f[2] == "kB", let v = Int64(f[1]), out[String(f[0].dropLast())] == nil {
                out[String(f[0].dropLast())] = v
            }
        }
        return out
    }
}
