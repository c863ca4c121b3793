import Foundation
import Testing

/// `capture`, `load` and `guide` through the real binary in batch mode: the -ex commands of one
/// run share one session, so `guide` sees what `capture` took in — and real gdb locates the
/// allocation sites against the example fixtures' unstripped ARM files.
@Suite(.serialized) struct GuideCommandTests {
    static let tests = SlabhoundBinary.repository.appendingPathComponent("Tests")
    static let snapshots = tests.appendingPathComponent("CapturesTests/Fixtures/snapshots")
    static let kernelCapture = tests.appendingPathComponent("InvestigationTests/Fixtures/guide/kernel-kmalloc-capture.txt").path

    static func seed(_ name: String) -> String { snapshots.appendingPathComponent(name).path }

    /// One JSON document per line of stdout (batch `--json`).
    static func documents(_ out: String) throws -> [[String: Any]] {
        try out.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func statuses(_ guide: [String: Any]) -> [String] {
        (guide["steps"] as? [[String: Any]] ?? []).map { $0["status"] as? String ?? "?" }
    }

    @Test func seedPathWalkedInOneBatch() throws {
        let run = try SlabhoundBinary.run([
            "-batch", "--json",
            "-ex", "guide",
            "-ex", "capture \(Self.seed("seed-free-series.txt"))",
            "-ex", "guide",
            "-ex", "capture --append \(Self.seed("seed-snapshot-start.txt")) \(Self.seed("seed-snapshot-leak.txt"))",
            "-ex", "guide",
            "-ex", "capture --append \(Self.seed("mma-heap-start.txt")) \(Self.seed("mma-heap-leak.txt"))",
            "-ex", "guide",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let docs = try Self.documents(run.stdout)
        #expect(docs.count == 7)
        let guides = [docs[0], docs[2], docs[4], docs[6]]
        #expect(Self.statuses(guides[0]) == ["pending", "pending", "pending", "pending", "pending"])
        #expect(Self.statuses(guides[1]) == ["done", "pending", "pending", "pending", "pending"])
        #expect(Self.statuses(guides[2]) == ["done", "done", "done", "pending", "pending"])
        #expect(Self.statuses(guides[3]) == ["done", "done", "done", "done", "pending"])
        #expect(guides[3]["route"] as? String == "heap-owner")
        let steps = try #require(guides[3]["steps"] as? [[String: Any]])
        #expect((steps[3]["evidence"] as? String)?.contains("app-mmaAlloc 2 → 7 chunks") == true)
        // capture's own report: the session grew 27 → 29 → 33 samples.
        #expect((docs[1]["session"] as? [String: Any])?["samples"] as? Int == 27)
        #expect((docs[3]["session"] as? [String: Any])?["samples"] as? Int == 29)
        #expect((docs[5]["session"] as? [String: Any])?["samples"] as? Int == 33)
    }

    @Test(.enabled(if: Fixtures.available, "needs the ARM fixtures: `make fixtures` (or SLABHOUND_FIXTURES)")) func seedPathLocatedWithRealGdb() throws {
        let run = try SlabhoundBinary.run([
            "-batch",
            "-ex", "capture \(Self.seed("seed-snapshot-start.txt")) \(Self.seed("seed-snapshot-leak.txt")) \(Self.seed("mma-heap-start.txt")) \(Self.seed("mma-heap-leak.txt")) \(Fixtures.path("print_trace.log"))",
            "-ex", "guide --no-locate",
            "-ex", "load \(Fixtures.path("rootfs"))",
            "-ex", "guide",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let parts = run.stdout.components(separatedBy: "[done]    0.")
        // Before symbols: step 4 pending, sites as module+offset in libMD_LINUX.so.
        let before = try #require(run.stdout.range(of: "Loaded ")).lowerBound
        let first = String(run.stdout[..<before])
        #expect(first.contains("[pending] 4. Which allocation sites"))
        #expect(first.contains("none located yet: /lib/libMD_LINUX.so+0x"))
        // After `load`: gdb located them to md.c (the allocation sites of the example library).
        let last = String(run.stdout[before...])
        #expect(last.contains("[done]    4. Which allocation sites"))
        #expect(last.contains(" at user/md.c:"), "\(last)")
        #expect(last.contains("kind") && last.contains("libMD_LINUX.so") && last.contains("ARM 32-bit"))
        #expect(parts.count >= 1)
    }

    @Test(.enabled(if: Fixtures.available, "needs the ARM fixtures: `make fixtures` (or SLABHOUND_FIXTURES)")) func kernelOnlyPathLocatedInTheModule() throws {
        let run = try SlabhoundBinary.run([
            "-batch", "--json",
            "-ex", "capture \(Self.kernelCapture)",
            "-ex", "guide --no-locate",
            "-ex", "load \(Fixtures.path("kernel"))",
            "-ex", "guide",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let docs = try Self.documents(run.stdout)
        #expect(docs.count == 4)
        #expect(Self.statuses(docs[1]) == ["done", "done", "done", "not-applicable", "pending"])
        #expect(docs[1]["route"] as? String == "kernel-call-sites")
        // load --json lists the kernel files with their kinds.
        let files = try #require(docs[2]["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["kind"] as? String }) == [".ko", "vmlinux"])
        #expect(files.allSatisfy { $0["arch"] as? String == "ARM 32-bit" && $0["debug_info"] as? Bool == true })
        #expect(Self.statuses(docs[3]) == ["done", "done", "done", "not-applicable", "done"])
        let step4 = try #require((docs[3]["steps"] as? [[String: Any]])?[4]["evidence"] as? String)
        // The same line addr2line gives for that call (see .fixtures/expected.tsv).
        let expected = try String(contentsOfFile: Fixtures.path("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").first { $0.contains("_MI_VENC_ProcShowOutInfo+0x14/0x2a") }
        let fields = try #require(expected).split(separator: "\t")
        #expect(step4.contains("_MI_VENC_ProcShowOutInfo at "), "\(step4)")
        #expect(step4.contains("\(fields[3]):\(fields[4])"), "\(step4)")
        #expect(step4.contains("+13200 objects of kmalloc-128"))
    }

    @Test func captureOnTheCommandLineSummarisesAndSaysWhatWasSkipped() throws {
        let run = try SlabhoundBinary.run(["capture", Self.seed("seed-snapshot-start.txt")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("seed-snapshot-start.txt: 1 sample (1 meminfo, 1 slabinfo, 1 free)"))
        #expect(run.stdout.contains("skipped 1 line"))
        // The skipped line itself: the seed's Chinese caption above the dump.
        #expect(run.stdout.contains("line 1 (unrecognized): 测试刚开始的内存信息打印"))
        let show = try SlabhoundBinary.run(["-batch", "-ex", "capture \(Self.seed("seed-free-series.txt"))", "-ex", "capture --clear", "-ex", "capture --show"])
        #expect(show.stdout.contains("session capture: 0 samples"))
        let bad = try SlabhoundBinary.run(["capture"])
        #expect(bad.status != 0)
    }

    @Test func guideWithFilesOutsideTheShell() throws {
        let run = try SlabhoundBinary.run(["guide", "--no-locate", Self.seed("seed-snapshot-start.txt"), Self.seed("seed-snapshot-leak.txt")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[done]    1. Which memory?"))
        #expect(run.stdout.contains("mi_sys_bufhandle_cachep"))
        #expect(run.stdout.contains("slabhound collector --heap /proc/mi_modules/mi_sys_mma/mma_heap_name0"))
    }

    @Test(.enabled(if: Fixtures.available, "needs the ARM fixtures: `make fixtures` (or SLABHOUND_FIXTURES)")) func symbolsIsLoadsAlias() throws {
        let run = try SlabhoundBinary.run(["-batch", "-ex", "symbols \(Fixtures.path("kernel"))", "-ex", "load"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: "mi_venc.ko").count == 3)  // listed after each command
        let missing = try SlabhoundBinary.run(["-batch", "-ex", "load /nonexistent/dir"])
        #expect(missing.status != 0)
    }
}
