import Foundation
import TestSupport
import Testing

/// `slabhound blame` on the real example logs, against the allocation manifest the fixture
/// build writes (`expected_allocs.tsv`: every allocation, its site and whether it was freed).
@Suite(.enabled(if: Fixtures.available, "fixtures: run `make fixtures` (make test does)"))
struct BlameCommandTests {
    static let alloc = "alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)"
    static let free = "free (?<addr>0x[0-9a-f]+)"

    /// A site as the manifest names it: function, file name, line.
    struct SiteKey: Hashable, CustomStringConvertible {
        var function: String
        var file: String
        var line: Int
        var description: String { "\(function) at \(file):\(line)" }
    }

    struct Expected {
        var allocations = 0
        var outstanding = 0
        var bytes: Int64 = 0
    }

    /// Per site, from the manifest rows of one log (the `oldlibc` log is the same run). With
    /// `before`, only the log's lines before that line: later allocations are not made and later
    /// frees not seen.
    static func manifest(_ log: String, before cut: Int = .max) throws -> [SiteKey: Expected] {
        let text = try String(contentsOfFile: Fixtures.path("expected_allocs.tsv"), encoding: .utf8)
        var out: [SiteKey: Expected] = [:]
        for row in text.split(separator: "\n") where !row.hasPrefix("#") {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 11, f[0] == log, let size = Int64(f[4]), let line = Int(f[8]),
                  let allocLine = Int(f[2]), allocLine < cut else { continue }
            let key = SiteKey(function: f[6], file: (f[7] as NSString).lastPathComponent, line: line)
            out[key, default: Expected()].allocations += 1
            if f[9] == "leaked" || (Int(f[10]) ?? .max) >= cut {
                out[key, default: Expected()].outstanding += 1
                out[key, default: Expected()].bytes += size
            } else {
                #expect(f[9] == "freed", "manifest status is freed or leaked: \(row)")
            }
        }
        return out
    }

    static func sites(_ arguments: [String]) throws -> (sites: [[String: Any]], run: SlabhoundBinary.Run) {
        let run = try SlabhoundBinary.run(["blame", "--json", "--symbols", Fixtures.path("rootfs")] + arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (try #require(document["sites"] as? [[String: Any]]), run)
    }

    static func key(_ site: [String: Any]) -> SiteKey? {
        guard let function = site["function"] as? String, let file = site["file"] as? String, let line = site["line"] as? Int
        else { return nil }
        return SiteKey(function: function, file: (file as NSString).lastPathComponent, line: line)
    }

    @Test("names exactly the manifest's leaking sites, with their outstanding counts and bytes",
          arguments: [("print_trace.log", "print_trace.log"), ("print_trace_oldlibc.log", "print_trace.log"),
                      ("print_trace_pie.log", "print_trace_pie.log")])
    func leakingSites(log: String, manifestLog: String) throws {
        let expected = try Self.manifest(manifestLog)
        let leaking = expected.filter { $0.value.outstanding > 0 }
        #expect(!leaking.isEmpty && expected.values.contains { $0.outstanding < $0.allocations },
                "the manifest has leaked and freed allocations")
        let (sites, _) = try Self.sites(["--alloc", Self.alloc, "--free", Self.free, Fixtures.path(log)])
        try Self.check(sites, against: expected)
    }

    @Test("the log up to `od on` (MD toggled twice): only the sites MI_MD_Uninit never frees are outstanding")
    func leakingSitesBeforeOD() throws {
        let text = try String(contentsOfFile: Fixtures.path("print_trace.log"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.contains("od on") }) + 1
        let expected = try Self.manifest("print_trace.log", before: cut)
        let leaking = expected.filter { $0.value.outstanding > 0 }
        #expect(!leaking.isEmpty && leaking.count < expected.count, "some sites leak, some do not")
        let run = try SlabhoundBinary.run(["blame", "--json", "--symbols", Fixtures.path("rootfs"), "--alloc", Self.alloc,
                                           "--free", Self.free, "-"],
                                          stdin: lines[..<(cut - 1)].joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        try Self.check(try #require(document["sites"] as? [[String: Any]]), against: expected)
    }

    static func check(_ sites: [[String: Any]], against expected: [SiteKey: Expected]) throws {
        let leaking = expected.filter { $0.value.outstanding > 0 }

        var seen: [SiteKey: [String: Any]] = [:]
        for site in sites {
            let key = try #require(Self.key(site), "every site resolved: \(site)")
            #expect(seen[key] == nil, "one row per site: \(key)")
            seen[key] = site
        }
        #expect(Set(seen.keys) == Set(expected.keys))
        for (key, want) in expected {
            let site = try #require(seen[key], "\(key) reported")
            #expect(site["allocations"] as? Int == want.allocations, "\(key) allocations")
            #expect(site["outstanding"] as? Int == want.outstanding, "\(key) outstanding")
            #expect((site["outstanding_bytes"] as? NSNumber)?.int64Value == want.bytes, "\(key) bytes")
        }
        let reportedLeaking = Set(sites.filter { ($0["outstanding"] as? Int ?? 0) > 0 }.compactMap(Self.key))
        #expect(reportedLeaking == Set(leaking.keys), "nothing else is outstanding")
        // Ranked by outstanding bytes, then allocations.
        let ranks = sites.map { (($0["outstanding_bytes"] as? NSNumber)?.int64Value ?? -1, $0["allocations"] as? Int ?? 0) }
        #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 >= $1.1) })
        #expect(sites.first.flatMap(Self.key) == leaking.max { $0.value.bytes < $1.value.bytes }?.key)
    }

    @Test("two logs (old libc, no maps: load bases inferred per run) are paired each on its own: every count doubles")
    func twoFiles() throws {
        let expected = try Self.manifest("print_trace.log")
        let log = Fixtures.path("print_trace_oldlibc_nomaps.log")
        let (sites, _) = try Self.sites(["--alloc", Self.alloc, "--free", Self.free, log, log])
        var doubled = expected
        for key in doubled.keys {
            doubled[key]!.allocations *= 2
            doubled[key]!.outstanding *= 2
            doubled[key]!.bytes *= 2
        }
        try Self.check(sites, against: doubled)
    }

    @Test("the JSON shape: exactly the documented keys, nulls written, one example frame marked as the site")
    func jsonShape() throws {
        let (sites, _) = try Self.sites(["--alloc", Self.alloc, "--free", Self.free, Fixtures.path("print_trace.log")])
        let keys: Set<String> = ["function", "file", "line", "module", "inlined_by", "allocations", "outstanding",
                                 "outstanding_bytes", "example_stack"]
        for site in sites {
            #expect(Set(site.keys) == keys)
            #expect(site["module"] as? String == "/lib/libMD_LINUX.so")
            let stack = try #require(site["example_stack"] as? [[String: Any]])
            #expect(stack.filter { $0["site"] as? Bool == true }.count == 1)
            #expect(stack.first?["printed"] as? String == "/lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]")
            let marked = try #require(stack.first { $0["site"] as? Bool == true })
            #expect(marked["function"] as? String != nil)
        }
        let luma = try #require(sites.first { $0["function"] as? String == "md_alloc_luma" })
        let chain = try #require(luma["inlined_by"] as? [[String: Any]])
        #expect(chain.map { $0["function"] as? String } == ["md_alloc_planes", "md_setup_buffers"])
        #expect(chain.map { $0["line"] as? Int } == [38, 48])
    }

    @Test("without --alloc/--free: the same sites and allocation counts, outstanding null")
    func withoutPairing() throws {
        let expected = try Self.manifest("print_trace.log")
        let (sites, run) = try Self.sites([Fixtures.path("print_trace.log")])
        #expect(sites.count == expected.count)
        for site in sites {
            let key = try #require(Self.key(site))
            #expect(site["allocations"] as? Int == expected[key]?.allocations, "\(key)")
            #expect(site["outstanding"] is NSNull && site["outstanding_bytes"] is NSNull)
        }
        let counts = sites.map { $0["allocations"] as? Int ?? 0 }
        #expect(counts == counts.sorted(by: >))
        #expect(run.stderr.contains("resolved"))
    }

    @Test("--allocator: an inlined allocator is peeled, the site becomes its caller's line")
    func allocatorOption() throws {
        let (sites, _) = try Self.sites(["--allocator", "md_alloc_luma", "--alloc", Self.alloc, "--free", Self.free,
                                         Fixtures.path("print_trace.log")])
        let expected = try Self.manifest("print_trace.log")
        let luma = expected.first { $0.key.function == "md_alloc_luma" }!.value
        #expect(!sites.contains { $0["function"] as? String == "md_alloc_luma" })
        let caller = try #require(sites.first { $0["function"] as? String == "md_alloc_planes" && $0["line"] as? Int == 38 })
        #expect(caller["allocations"] as? Int == luma.allocations)
        #expect(caller["outstanding"] as? Int == luma.outstanding)
        #expect((caller["inlined_by"] as? [[String: Any]])?.map { $0["function"] as? String } == ["md_setup_buffers"])
        // Skipping the whole libMD by name moves every site out to its caller in libmi_vdf.
        let names = ["md_alloc_luma", "md_alloc_planes", "md_setup_buffers", "md_alloc_aligned", "md_setup_model",
                     "md_create_instance", "md_alloc_history", "md_grow_history", "md_init_model", "md_update_background",
                     "md_process_frame", "MI_MD_Init"]
        let (outer, _) = try Self.sites(names.flatMap { ["--allocator", $0] } + [Fixtures.path("print_trace.log")])
        #expect(outer.allSatisfy { $0["module"] as? String == "/lib/libmi_vdf.so" })
        #expect(outer.reduce(0) { $0 + ($1["allocations"] as? Int ?? 0) } == expected.values.reduce(0) { $0 + $1.allocations })
    }

    @Test("text output: the table and the leaking site's example stack")
    func textOutput() throws {
        let run = try SlabhoundBinary.run(["blame", "--symbols", Fixtures.path("rootfs"), "--alloc", Self.alloc,
                                           "--free", Self.free, Fixtures.path("print_trace.log")])
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("#  site") == true)
        #expect(lines.dropFirst().first?.contains("md_alloc_luma at user/md.c:28") == true)
        #expect(run.stdout.contains("    > /lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]  → md_alloc_luma at user/md.c:28"))
        #expect(run.stdout.contains("19 allocation lines, 8 free lines"))
    }

    @Test("bad patterns and options are refused with a reason and status 64")
    func refused() throws {
        let log = Fixtures.path("print_trace.log")
        for arguments in [["--alloc", Self.alloc, log],
                          ["--alloc", "alloc (0x[0-9a-f]+)", "--free", Self.free, log],
                          ["--alloc", Self.alloc, "--free", "free ((", log]] {
            let run = try SlabhoundBinary.run(["blame"] + arguments)
            #expect(run.status == 64, "\(arguments)")
            #expect(run.stderr.contains("--alloc") || run.stderr.contains("--free"))
        }
        let missing = try SlabhoundBinary.run(["blame", "/nonexistent/log"])
        #expect(missing.status != 0 && missing.stderr.contains("cannot read"))
    }

    /// Runs a tool from PATH (git, readelf): its exit status and stdout.
    static func tool(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String) {
        let run = try SlabhoundProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, directory: directory,
                                           environment: ProcessInfo.processInfo.environment)
        return (run.status, run.stdoutText)
    }

    /// The directories the modules under `root` were compiled in (DW_AT_comp_dir): `blame`
    /// looks for a site's source there.
    static func compilationDirectories(under root: String) throws -> Set<String> {
        var out: Set<String> = []
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        for file in files {
            // Files without debug info print nothing; a file that is not ELF fails: both are skipped.
            for line in try tool(["readelf", "--debug-dump=info", root + "/" + file]).stdout.split(separator: "\n")
            where line.contains("DW_AT_comp_dir") {
                // `DW_AT_comp_dir : (indirect string, offset: 0x21): /dir` or `DW_AT_comp_dir : /dir`.
                let value = line.range(of: "): ", options: .backwards).map { line[$0.upperBound...] }
                    ?? line[line.range(of: ": ")!.upperBound...]
                out.insert(value.trimmingCharacters(in: .whitespaces))
            }
        }
        return out
    }

    /// Blame is checked against a throwaway repository holding a copy of the sources the
    /// fixtures were compiled from (mapped there with --source-map), so it has history whether
    /// or not this checkout has any, and every site must be blamed to that repository's commit.
    @Test("--git-blame names the committed line of each site")
    func gitBlame() throws {
        let compiled = try Self.compilationDirectories(under: Fixtures.path("rootfs")).sorted()
        try #require(!compiled.isEmpty, "the example modules carry DW_AT_comp_dir")
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("blame-repo-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: repo) }
        var maps: [String] = []
        for (i, directory) in compiled.enumerated() {
            // The sources as compiled; the repository's Examples/ when that directory is gone.
            let from = FileManager.default.fileExists(atPath: directory)
                ? URL(fileURLWithPath: directory) : SlabhoundBinary.repository.appendingPathComponent("Examples")
            try FileManager.default.copyItem(at: from, to: repo.appendingPathComponent("\(i)"))
            maps += ["--source-map", "\(directory)=\(repo.path)/\(i)"]
        }
        let git = ["git", "-c", "user.name=Test Person", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
        for step in [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture sources"]] {
            #expect(try Self.tool(git + step, in: repo).status == 0, "git \(step)")
        }
        let head = try Self.tool(["git", "rev-parse", "HEAD"], in: repo).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(head.count == 40)

        let run = try SlabhoundBinary.run(["blame", "--json", "--git-blame", "--symbols", Fixtures.path("rootfs")]
                                          + maps + [Fixtures.path("print_trace.log")])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sites = try #require(document["sites"] as? [[String: Any]])
        #expect(!sites.isEmpty)
        for site in sites {
            let file = try #require(site["file"] as? String)
            let line = try #require(site["line"] as? Int)
            let blame = try #require(site["git_blame"] as? [String: Any], "\(file):\(line) has no git blame")
            #expect(blame["commit"] as? String == head, "\(file):\(line)")
            #expect(blame["author"] as? String == "Test Person" && blame["summary"] as? String == "fixture sources")
            // The file as copied, under whichever compile directory names it.
            let copies = compiled.indices.map { repo.appendingPathComponent("\($0)/\(file)") }
            let source = try String(contentsOf: try #require(copies.first { FileManager.default.fileExists(atPath: $0.path) }), encoding: .utf8)
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(blame["text"] as? String == String(lines[line - 1]), "\(file):\(line)")
        }
    }
}
