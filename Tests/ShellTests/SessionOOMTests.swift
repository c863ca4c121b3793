import Foundation
import Testing

extension ShellBinaryTests {
    /// OOM-killer reports pasted in the shell (or in a captured log) stay in the session, like
    /// pasted dumps: `guide` names them in step 0 and `report` shows them with no file given.
    @Suite struct SessionOOMTests {
        static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CapturesTests/Fixtures/snapshots")
        static let seedOOMLine = "OOM killer: venc0_P0_MAIN (order 2, allocating in mi_sys_ringpool_AppendTailContentTailRecord [mi_sys])"

        func run(_ arguments: [String], input: String = "", in directory: URL) throws -> SlabhoundBinary.Result {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            return try SlabhoundBinary.run(arguments, input: input, home: home, directory: directory)
        }

        static func step0Evidence(_ guideJSON: Substring) throws -> String {
            let guide = try #require(try JSONSerialization.jsonObject(with: Data(guideJSON.utf8)) as? [String: Any])
            let steps = try #require(guide["steps"] as? [[String: Any]])
            return steps.first?["evidence"] as? String ?? ""
        }

        @Test func aPastedOOMReportReachesGuideAndReport() throws {
            let directory = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: directory) }
            let oom = try Fixtures.text("seed-oom-report.txt")
            // Before the paste there is nothing to report; after it, the OOM report is the page.
            let input = "report --html before.html\n" + oom + "\n\nguide --json --no-locate\nreport --html after.html --json\n"
            let result = try run([], input: input, in: directory)
            #expect(result.status == 64, "the first report has nothing to show: \(result.stderr)")
            #expect(result.stderr.contains("nothing to report yet"))
            let lines = result.stdout.split(separator: "\n")
            let jsonLines = lines.filter { $0.hasPrefix("{") }
            try #require(jsonLines.count == 2, "\(result.stdout)")
            #expect(try Self.step0Evidence(jsonLines[0]) == "no samples in the session; " + Self.seedOOMLine)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(jsonLines[1].utf8)) as? [String: Any])
            #expect(report["sections"] as? [String] == ["1 OOM report", "checklist"])
            let html = try String(contentsOf: directory.appendingPathComponent("after.html"), encoding: .utf8)
            let section = try #require(html.range(of: #"<section id="oom">"#))
            let oomHTML = html[section.lowerBound...]
            #expect(oomHTML.contains(#"<span class="task">venc0_P0_MAIN</span> (pid 648) invoked the OOM killer"#))
            #expect(oomHTML.contains("<code>pasted</code>, lines 1–19"))
            #expect(oomHTML.contains("<code>mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys]</code>"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("before.html").path))
        }

        @Test func aCapturedLogsOOMReportIsKeptWithItsFileName() throws {
            let directory = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: directory) }
            // A console log: the leak snapshot, then the OOM the board printed, twice.
            let snapshot = try String(contentsOf: Self.snapshots.appendingPathComponent("seed-snapshot-leak.txt"), encoding: .utf8)
            let oom = try Fixtures.text("seed-oom-report.txt")
            try (snapshot + "\n" + oom + "\n" + oom).write(to: directory.appendingPathComponent("board.log"), atomically: true, encoding: .utf8)
            let start = Self.snapshots.appendingPathComponent("seed-snapshot-start.txt").path
            let result = try run(["-batch", "--json", "-ex", "capture \(start) board.log", "-ex", "guide --no-locate",
                                  "-ex", "report --html page.html"], in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let documents = result.stdout.split(separator: "\n")
            try #require(documents.count == 3)
            let capture = try #require(try JSONSerialization.jsonObject(with: Data(documents[0].utf8)) as? [String: Any])
            #expect((capture["files"] as? [[String: Any]])?.map { $0["oom_reports"] as? Int } == [0, 2])
            #expect((capture["session"] as? [String: Any])?["oom_reports"] as? Int == 2)
            #expect(try Self.step0Evidence(documents[1]) == "2 samples in the session: too few for a trend; " + Self.seedOOMLine + " (+1 more)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(documents[2].utf8)) as? [String: Any])
            #expect((report["sections"] as? [String])?.contains("2 OOM reports") == true)
            let html = try String(contentsOf: directory.appendingPathComponent("page.html"), encoding: .utf8)
            #expect(html.components(separatedBy: "<code>board.log</code>").count == 3, "each OOM names the log it came from")
        }
    }
}
