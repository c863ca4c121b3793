import Foundation
import Testing

/// `slabhound report --html OUT` run as a user would: the file it writes (and nothing else),
/// what Chromium makes of it, and hostile names kept as text.
@Suite struct ReportCommandTests {
    static let snapshots = SlabhoundBinary.repository.appendingPathComponent("Tests/CapturesTests/Fixtures/snapshots")
    static let traces = SlabhoundBinary.repository.appendingPathComponent("Tests/CapturesTests/Fixtures/traces")
    static func seed(_ name: String) -> String { snapshots.appendingPathComponent(name).path }

    /// The seed's whole investigation: the `free` series, the two snapshots, the two heap dumps,
    /// the OOM report and the print_trace blocks.
    static var seedInputs: [String] {
        ["seed-free-series.txt", "seed-snapshot-start.txt", "seed-snapshot-leak.txt", "mma-heap-start.txt", "mma-heap-leak.txt"].map(seed)
            + [traces.appendingPathComponent("seed-oom-arm32-4.9.txt").path, traces.appendingPathComponent("seed-print-trace.txt").path]
    }

    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Lines of the inputs starting with `prefix` (an independent count of the samples per series).
    static func lines(startingWith prefix: String, in paths: [String]) throws -> Int {
        try paths.reduce(0) { total, path in
            total + (try String(contentsOfFile: path, encoding: .utf8)).split(separator: "\n")
                .filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }.count
        }
    }

    @Test func writesOnlyTheNamedFileAndReplacesItWhole() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.html")
        try Data("old".utf8).write(to: out)
        let run = try SlabhoundBinary.run(["report", "--html", out.path] + Self.seedInputs)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("wrote \(out.path) ("), "\(run.stdout)")
        // Exactly one file in the directory: the temporary file was renamed, not left.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.html"])
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(run.stdout.contains("\(html.utf8.count) bytes"))
    }

    @Test func refusesADirectoryAMissingDirectoryAndNothingToReport() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let intoDir = try SlabhoundBinary.run(["report", "--html", dir.path, Self.seed("seed-snapshot-start.txt")])
        #expect(intoDir.status != 0 && intoDir.stderr.contains("is a directory"))
        let missing = try SlabhoundBinary.run(["report", "--html", dir.path + "/no/such/r.html", Self.seed("seed-snapshot-start.txt")])
        #expect(missing.status != 0 && missing.stderr.contains("does not exist"))
        let empty = dir.appendingPathComponent("empty.txt")
        try Data("nothing from the board here\n".utf8).write(to: empty)
        let out = dir.appendingPathComponent("r.html")
        let nothing = try SlabhoundBinary.run(["report", "--html", out.path, empty.path])
        #expect(nothing.status != 0 && nothing.stderr.contains("nothing to report"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func theShellReportsTheSessionsCapture() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("session.html")
        let run = try SlabhoundBinary.run(["-batch", "-ex", "capture \(Self.seed("seed-snapshot-start.txt"))",
                                           "-ex", "capture \(Self.seed("seed-snapshot-leak.txt")) --append",
                                           "-ex", "report --html \(out.path)"])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("the session&#39;s capture"))
        for cache in ["g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "mi_sys_bufhandle_cachep"] {
            #expect(html.contains("data-series=\"\(cache)\""), "\(cache) charted")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["session.html"])
    }

    @Test(.enabled(if: ReportChromium.available, "chromium is not installed (Debian `chromium`; `make test` installs it)"))
    func chromiumRendersTheSeedsInvestigation() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("seed.html")
        let run = try SlabhoundBinary.run(["report", "--html", out.path] + Self.seedInputs)
        #expect(run.status == 0, "\(run.stderr)")

        let dom = try ReportChromium.dumpDOM(out)
        #expect(dom.contains("<body>") && dom.contains("</html>"), "Chromium produced a DOM")
        // The seed's three caches, charted and in the slabinfo diff.
        for cache in ["g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "mi_sys_bufhandle_cachep"] {
            #expect(dom.contains("data-series=\"\(cache)\""), "\(cache) charted")
            #expect(dom.contains("<td class=\"name\">\(cache)</td>"), "\(cache) in the slabinfo diff")
        }
        // The verdict is trend's own on the seed's free series.
        let trend = try SlabhoundBinary.run(["trend", "--json", Self.seed("seed-free-series.txt")])
        let verdict = try #require((try JSONSerialization.jsonObject(with: Data(trend.stdout.utf8)) as? [String: Any])?["verdict"] as? String)
        #expect(verdict == "leaking")
        #expect(dom.contains("id=\"verdict\">\(verdict)</span>"))
        // One polyline point per sample that printed the series, counted from the text.
        let memFree = try Self.lines(startingWith: "MemFree:", in: Self.seedInputs)
        let freeLines = try Self.lines(startingWith: "Mem:", in: Self.seedInputs)
        #expect(memFree == 2 && freeLines >= 27)
        #expect(Self.points(of: "MemFree", in: dom) == memFree)
        #expect(Self.points(of: "free", in: dom) == freeLines)
        // The heap owner, the OOM report, the checklist, no script.
        #expect(dom.contains("app-mmaAlloc") && dom.contains("2 → 7"))
        #expect(dom.contains("venc0_P0_MAIN"))
        #expect(dom.components(separatedBy: "data-step=").count - 1 == 5)
        #expect(!dom.lowercased().contains("<script"))

        let png = dir.appendingPathComponent("seed.png")
        try ReportChromium.screenshot(out, to: png)
        let data = try Data(contentsOf: png)
        let size = try #require(ReportChromium.pngSize(data), "a PNG")
        #expect(size == (1200, 3000))
        #expect(data.count > 50_000, "a page with charts and tables, not a blank one (\(data.count) bytes)")
    }

    @Test(.enabled(if: ReportChromium.available, "chromium is not installed (Debian `chromium`; `make test` installs it)"))
    func chromiumShowsHostileNamesAsText() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cache = "<script>document.title='pwned'</script>"
        let task = "<img/src=x/onerror=document.title='pwned'>"
        func slabinfo(_ slabs: Int) -> String {
            """
            slabinfo - version: 2.1
            # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
            \(cache)   \(slabs * 2)   \(slabs * 2)  16384    2    8 : tunables    0    0    0 : slabdata   \(slabs)   \(slabs)      0
            kmalloc-64   100  100   64   64    1 : tunables    0    0    0 : slabdata   2   2    0

            """
        }
        let log = slabinfo(10) + "\n" + slabinfo(200) + """
        [  100.000000] \(task) invoked oom-killer: gfp_mask=0x24000c0(GFP_KERNEL), order=0, oom_score_adj=0
        [  100.000001] CPU: 0 PID: 7 Comm: \(task) Not tainted 4.9.84 #1
        [  100.000002] Out of memory: Kill process 7 (\(task)) score 1 or sacrifice child

        """
        let capture = dir.appendingPathComponent("hostile.txt")
        try Data(log.utf8).write(to: capture)
        let out = dir.appendingPathComponent("hostile.html")
        let run = try SlabhoundBinary.run(["report", "--html", out.path, capture.path])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: out, encoding: .utf8)
        #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"), "the cache name, escaped")

        let dom = try ReportChromium.dumpDOM(out)
        #expect(!dom.lowercased().contains("<script"), "no script element in the DOM")
        #expect(!dom.lowercased().contains("<img"), "no img element in the DOM")
        #expect(dom.contains("<title>slabhound report</title>"), "title not rewritten by a script")
        #expect(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "the cache name shown as text")
        #expect(dom.contains("&lt;img/src=x/onerror=document.title='pwned'&gt;"), "the task name shown as text")
    }

    /// Points of `<polyline data-series="NAME" … points="…">` in a serialised DOM.
    static func points(of series: String, in dom: String) -> Int? {
        guard let start = dom.range(of: "data-series=\"\(series)\"") else { return nil }
        let rest = dom[start.upperBound...]
        guard let tagEnd = rest.firstIndex(of: ">"), let p = rest[..<tagEnd].range(of: "points=\"") else { return nil }
        let value = rest[p.upperBound...].prefix { $0 != "\"" }
        return value.split(separator: " ").count
    }
}
