import Foundation
import Testing

/// A gdb that cannot start fails the command whether or not the location cache is on: the cache
/// only changes *when* gdb is started (at the first address it does not know), so a command that
/// needed gdb prints what the cache answered, says gdb did not start, and exits 1 — as with
/// `--no-cache`. A run the cache answers completely needs no gdb and succeeds.
@Suite(.serialized, .enabled(if: Fixtures.available, "fixtures: run `make fixtures` (or set SLABHOUND_FIXTURES)"))
struct GdbStartFailureTests {
    /// A private cache directory, and a gdb path (a symlink) the test can point at a real gdb or
    /// at /bin/false while the cache, keyed by that path, stays valid.
    struct Scratch {
        let root: URL
        var cache: URL { root.appendingPathComponent("cache") }
        var gdb: URL { root.appendingPathComponent("gdb") }

        init() throws {
            root = try HardeningProcess.scratchDirectory("gdbfail")
        }

        func pointGdb(at target: String) throws {
            try? FileManager.default.removeItem(at: gdb)
            try FileManager.default.createSymbolicLink(atPath: gdb.path, withDestinationPath: target)
        }

        func symbolize(_ log: String, _ extra: [String] = []) throws -> SlabhoundBinary.Run {
            try SlabhoundBinary.run(["symbolize", "--gdb", gdb.path, "--symbols", Fixtures.path("rootfs")] + extra + [Fixtures.path(log)],
                                    environment: ["XDG_CACHE_HOME": cache.path])
        }
    }

    static var realGdb: String {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb-multiarch") ? "/usr/bin/gdb-multiarch" : "/usr/bin/gdb"
    }

    @Test("cache on or off, a gdb that cannot start fails the run", arguments: [false, true])
    func brokenGdbFails(noCache: Bool) throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try scratch.pointGdb(at: "/bin/false")
        let run = try scratch.symbolize("print_trace.log", noCache ? ["--no-cache"] : [])
        #expect(run.status == 1, "exit \(run.status); stderr: \(run.stderr)")
        #expect(run.stderr.contains("gdb did not start"), "stderr: \(run.stderr)")
        #expect(!run.stderr.contains("resolved 0 of 178 frames with gdb (cached:"), "stderr: \(run.stderr)")
    }

    @Test func cacheAnswersWithoutGdbAndFailsOnlyForWhatItLacks() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try scratch.pointGdb(at: Self.realGdb)
        let warm = try scratch.symbolize("print_trace.log")
        try #require(warm.status == 0, "warm-up: \(warm.stderr)")

        // Every address of this log is in the cache: gdb is never started, success.
        try scratch.pointGdb(at: "/bin/false")
        let cached = try scratch.symbolize("print_trace.log")
        #expect(cached.status == 0, "exit \(cached.status); stderr: \(cached.stderr)")
        #expect(cached.stdout == warm.stdout)

        // Another run (PIE, other load bases): some addresses are new, gdb is needed and fails.
        let partial = try scratch.symbolize("print_trace_pie.log")
        #expect(partial.status == 1, "exit \(partial.status); stderr: \(partial.stderr)")
        #expect(partial.stderr.contains("gdb did not start"), "stderr: \(partial.stderr)")
        #expect(partial.stdout.contains("->"), "what the cache knew is still printed")
    }

    @Test func batchCommandFailsWithStatusOne() throws {
        let scratch = try Scratch()
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        try scratch.pointGdb(at: "/bin/false")
        let run = try SlabhoundBinary.run(
            ["-batch", "-ex", "symbolize --gdb \(scratch.gdb.path) --symbols \(Fixtures.path("rootfs")) \(Fixtures.path("print_trace.log"))"],
            environment: ["XDG_CACHE_HOME": scratch.cache.path])
        #expect(run.status == 1, "exit \(run.status); stderr: \(run.stderr)")
        #expect(run.stderr.contains("gdb did not start"), "stderr: \(run.stderr)")
    }
}
