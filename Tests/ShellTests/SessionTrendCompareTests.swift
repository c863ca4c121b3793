import Foundation
import Testing

extension ShellBinaryTests {
    /// `trend` and `compare` with no FILE read the session's capture — what `capture LOG` and
    /// pasted dumps put there — through the real binary in batch and stdin mode; outside a
    /// session they say what to pass.
    @Suite struct SessionTrendCompareTests {
        static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CapturesTests/Fixtures/snapshots")
        static func seed(_ name: String) -> String { snapshots.appendingPathComponent(name).path }

        func run(_ arguments: [String], input: String = "") throws -> SlabhoundBinary.Result {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            return try SlabhoundBinary.run(arguments, input: input, home: home)
        }

        static func json(_ line: Substring) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }

        /// The seed's two snapshots as pasted text: its Chinese caption and the blank lines the
        /// article put between lines are left out (an empty line ends a paste).
        static func pastedSnapshot(_ name: String) throws -> String {
            let text = try String(contentsOfFile: seed(name), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().joined(separator: "\n") + "\n\n"
        }

        @Test func captureThenTrendAndCompareWithoutFile() throws {
            let start = Self.seed("seed-snapshot-start.txt"), leak = Self.seed("seed-snapshot-leak.txt")
            let session = try run(["-batch", "-ex", "capture \(start) \(leak)", "-ex", "trend", "-ex", "compare"])
            #expect(session.status == 0, "\(session.stderr)")
            #expect(session.stdout.contains("session: 2 samples"))
            #expect(session.stdout.contains("verdict: inconclusive\n2 sample(s)"))
            // The session's first sample against its last is what BEFORE AFTER compares.
            let files = try run(["compare", start, leak])
            #expect(files.status == 0)
            #expect(files.stdout.contains("verdict: slab"))
            // Same tables; only the sample numbers differ (the session numbers its samples 1, 2).
            #expect(session.stdout.contains("compare: before = sample 1, after = sample 2\n"))
            let body = files.stdout.drop { $0 != "\n" }
            #expect(!body.isEmpty)
            #expect(session.stdout.hasSuffix(body), "session compare differs from `compare BEFORE AFTER`")
        }

        @Test func sessionTrendIsTheTrendOfTheCapturedFile() throws {
            let series = Self.seed("seed-free-series.txt")
            let session = try run(["-batch", "--json", "-ex", "capture \(series)", "-ex", "trend"])
            #expect(session.status == 0, "\(session.stderr)")
            let documents = session.stdout.split(separator: "\n")
            try #require(documents.count == 2)
            let direct = try run(["trend", "--json", series])
            #expect(direct.status == 0)
            #expect(documents[1] + "\n" == direct.stdout)
            #expect(try Self.json(documents[1])["samples"] as? Int == 27)
            #expect(try Self.json(documents[1])["verdict"] as? String == "leaking")
        }

        @Test func pastedDumpsFeedTrendAndCompare() throws {
            let input = try Self.pastedSnapshot("seed-snapshot-start.txt") + Self.pastedSnapshot("seed-snapshot-leak.txt")
                + "trend --json\ncompare --json\n"
            let result = try run([], input: input)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n")
            try #require(lines.count == 4, "\(result.stdout)")
            #expect(lines[0] == "Added 1 sample to the session (1 meminfo, 1 slabinfo, 1 free).")
            let trend = try Self.json(lines[2])
            #expect(trend["samples"] as? Int == 2)
            let series = try #require(trend["series"] as? [[String: Any]])
            let memFree = try #require(series.first { $0["name"] as? String == "MemFree" })
            #expect(memFree["first"] as? Int == 7904)
            #expect(memFree["last"] as? Int == 2036)
            let compare = try Self.json(lines[3])
            #expect((compare["verdict"] as? [String: Any])?["kind"] as? String == "slab")
            let caches = (compare["slabinfo"] as? [[String: Any]] ?? []).prefix(3).compactMap { $0["cache"] as? String }
            #expect(Set(caches) == ["g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "mi_sys_bufhandle_cachep"])
        }

        @Test func compareSamplesOfTheSessionByNumber() throws {
            let series = Self.seed("seed-free-series.txt")
            let start = Self.seed("seed-snapshot-start.txt"), leak = Self.seed("seed-snapshot-leak.txt")
            // 27 free-only samples, then the two snapshots: samples 28 and 29 hold meminfo.
            let capture = "capture \(series) \(start) \(leak)"
            let snapshots = try run(["-batch", "-ex", capture, "-ex", "compare --from 28 --to 29"])
            #expect(snapshots.status == 0, "\(snapshots.stderr)")
            #expect(snapshots.stdout.contains("compare: before = sample 28, after = sample 29\nverdict: slab"))
            let freeOnly = try run(["-batch", "-ex", capture, "-ex", "compare --from 1 --to 29"])
            #expect(freeOnly.status == 64)
            #expect(freeOnly.stderr.contains("no meminfo, slabinfo or heap dump in the 'before' sample"))
        }

        @Test func withoutSessionOrFileTheErrorSaysWhatToPass() throws {
            let trend = try run(["trend"])
            #expect(trend.status == 64)
            #expect(trend.stderr.contains("give a CAPTURE file"))
            #expect(trend.stderr.contains("`capture LOG`"))
            let compare = try run(["compare"])
            #expect(compare.status == 64)
            #expect(compare.stderr.contains("give a CAPTURE file, or BEFORE and AFTER"))
            let empty = try run(["-batch", "-ex", "compare"])
            #expect(empty.status == 64)
            #expect(empty.stderr.contains("the session's capture is empty"))
            #expect(empty.stdout == "")
            let one = try run(["-batch", "-ex", "capture \(Self.seed("seed-snapshot-start.txt"))", "-ex", "compare"])
            #expect(one.status == 64)
            #expect(one.stderr.contains("only one sample in the session's capture"))
        }
    }
}
