import Foundation
import Testing

/// `report --html` with `--symbols` and the blame options, rendered by headless Chromium: the
/// blame table names exactly the leaking sites of the real ARM fixture log — function and
/// file:line from gdb, counts and bytes from pairing the alloc/free lines — as the fixture
/// manifest (`.fixtures/expected_allocs.tsv`, written when the log was recorded) says.
@Suite(.serialized) struct ReportBlameChromiumTests {
    static let pairing = ["--alloc", "alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)", "--free", "free (?<addr>0x[0-9a-f]+)"]

    /// One row of the manifest's expectation per allocation site.
    struct ExpectedSite: Equatable {
        var function: String
        var file: String
        var line: Int
        var allocations = 0
        var outstanding = 0
        var outstandingBytes = 0
    }

    /// The manifest's allocations of `log`, grouped by site (function, file, line).
    static func expectedSites(log: String) throws -> [ExpectedSite] {
        let text = try String(contentsOfFile: Fixtures.path("expected_allocs.tsv"), encoding: .utf8)
        var sites: [ExpectedSite] = []
        for row in text.split(separator: "\n") where !row.hasPrefix("#") {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11, f[0] == log, let size = Int(f[4]), let line = Int(f[8]) else { continue }
            var index = sites.firstIndex { $0.function == f[6] && $0.file == f[7] && $0.line == line }
            if index == nil {
                sites.append(ExpectedSite(function: f[6], file: f[7], line: line))
                index = sites.count - 1
            }
            sites[index!].allocations += 1
            if f[9] == "leaked" {
                sites[index!].outstanding += 1
                sites[index!].outstandingBytes += size
            }
        }
        return sites
    }

    /// The blame table's rows as Chromium's DOM has them: site, module, and the three counts.
    static func renderedRows(_ dom: String) throws -> [(site: String, module: String, counts: [Int])] {
        let table = try #require(dom.range(of: #"id="blame-table""#).map { dom[$0.lowerBound...] })
        let end = table.range(of: "</table>")?.lowerBound ?? table.endIndex
        let row = /<tr class="site[^"]*"><td class="num">\d+<\/td><td><code>([^<]*)<\/code><\/td><td><code>([^<]*)<\/code><\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/
        return table[..<end].matches(of: row).map { m in
            (String(m.output.1), String(m.output.2), [Int(m.output.3)!, Int(m.output.4)!, Int(m.output.5)!])
        }
    }

    func check(_ page: URL) throws {
        let dom = try ReportChromium.dumpDOM(page)
        let rows = try Self.renderedRows(dom)
        let expected = try Self.expectedSites(log: "print_trace.log")
        try #require(!expected.isEmpty, "the manifest names the log's allocations")
        // Every site of the log, and nothing else.
        #expect(rows.count == expected.count, "\(rows.map(\.site))")
        for site in expected {
            let name = "\(site.function) at user/\(site.file):\(site.line)"
            let found = rows.first { $0.site == name }
            #expect(found != nil, "\(name) missing from the rendered blame table")
            #expect(found?.module == "/lib/libMD_LINUX.so")
            #expect(found?.counts == [site.allocations, site.outstanding, site.outstandingBytes], "\(name)")
        }
        // Ranked by outstanding bytes, then allocations.
        let ranked = expected.sorted {
            ($0.outstandingBytes, $0.allocations) > ($1.outstandingBytes, $1.allocations)
        }.map { "\($0.function) at user/\($0.file):\($0.line)" }
        #expect(rows.map(\.site) == ranked)
        // Each leaking site's source excerpt marks the line the example source tags as that site.
        for site in expected where site.outstanding > 0 {
            let marked = dom.components(separatedBy: "<mark>").dropFirst().map { $0.prefix { $0 != "\n" } }
            #expect(marked.contains { $0.contains(">\(site.line)</span>") && $0.contains("@site:\(site.function)") },
                    "source line \(site.file):\(site.line) of \(site.function) not shown marked")
        }
        #expect(!dom.lowercased().contains("<script"))
    }

    @Test(.enabled(if: ReportChromium.available && Fixtures.available, "needs chromium and the ARM fixtures (`make fixtures`)"))
    func symbolizedBlameTableOnTheCommandLine() throws {
        let dir = try ReportCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("blame.html")
        let run = try SlabhoundBinary.run(["report", "--html", page.path, "--symbols", Fixtures.path("rootfs"),
                                           "--blame", Fixtures.path("print_trace.log")] + Self.pairing)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("resolved"), "gdb resolved the frames: \(run.stderr)")
        try check(page)
    }

    @Test(.enabled(if: ReportChromium.available && Fixtures.available, "needs chromium and the ARM fixtures (`make fixtures`)"))
    func symbolizedBlameTableInTheShellWithLoadedSymbols() throws {
        let dir = try ReportCommandTests.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("session.html")
        let pairing = Self.pairing.enumerated().map { $0.offset % 2 == 1 ? "'\($0.element)'" : $0.element }.joined(separator: " ")
        let run = try SlabhoundBinary.run(["-batch", "-ex", "load \(Fixtures.path("rootfs"))",
                                           "-ex", "report --html \(page.path) --blame \(Fixtures.path("print_trace.log")) \(pairing)"])
        #expect(run.status == 0, "\(run.stderr)")
        try check(page)
    }
}
