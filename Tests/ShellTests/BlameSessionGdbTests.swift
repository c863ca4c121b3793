import Foundation
import Testing

extension ShellBinaryTests {
    /// `blame` finishes its symbolizer through `SymbolizationStarter.finish`: in a session the
    /// one gdb serves blame, blame again and locate; on the command line each run starts its own
    /// and shuts it down (the run ends — the recursion of 8924ad5 hung here).
    @Suite(.enabled(if: BoardFixtures.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb-multiarch"),
                    "needs the ARM fixtures and gdb-multiarch"))
    struct BlameSessionGdbTests {
        static let pattern = ["--alloc", "alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)", "--free", "free (?<addr>0x[0-9a-f]+)"]

        /// A gdb that notes each MI start in `log`, then is the real one.
        static func countingGdb(in directory: URL, log: URL) throws -> URL {
            let script = directory.appendingPathComponent("counting-gdb")
            try """
            #!/bin/sh
            case "$*" in *mi*) echo start >> '\(log.path)' ;; esac
            exec gdb-multiarch "$@"
            """.write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            return script
        }

        /// A private home with the counting gdb.
        static func setUp() throws -> (home: URL, log: URL, gdb: URL) {
            let home = try SlabhoundBinary.temporaryHome()
            let log = home.appendingPathComponent("starts.log")
            return (home, log, try countingGdb(in: home, log: log))
        }

        static func starts(_ log: URL) -> Int {
            ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
        }

        @Test func theSessionGdbServesBlameTwiceAndLocate() throws {
            let (home, log, gdb) = try Self.setUp()
            defer { try? FileManager.default.removeItem(at: home) }
            let common = "--no-cache --gdb \(gdb.path) --symbols \(BoardFixtures.path("rootfs"))"
            let blame = "blame \(common) --alloc 'alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)' --free 'free (?<addr>0x[0-9a-f]+)' \(BoardFixtures.path("print_trace.log"))"
            let result = try SlabhoundBinary.run(["-batch", "-ex", blame, "-ex", blame, "-ex", "locate \(common) libMD_LINUX.so+0x548"],
                                                 home: home, timeout: 240)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.starts(log) == 1, "one gdb for the session, not one per command")
            let rows = result.stdout.split(separator: "\n").filter { $0.contains("md_alloc_history at user/md.c:126") && $0.hasPrefix("6 ") }
            #expect(rows.count == 2, "\(result.stdout)")
            #expect(rows.allSatisfy { $0.hasSuffix("4            4               2560") })
            #expect(result.stdout.contains("md_alloc_history at user/md.c:126"))
        }

        @Test func onTheCommandLineEachBlameHasItsOwnGdbAndEnds() throws {
            let (home, log, gdb) = try Self.setUp()
            defer { try? FileManager.default.removeItem(at: home) }
            let arguments = ["blame", "--no-cache", "--gdb", gdb.path, "--symbols", BoardFixtures.path("rootfs")]
                + Self.pattern + [BoardFixtures.path("print_trace.log")]
            for run in 1...2 {
                let result = try SlabhoundBinary.run(arguments, home: home, timeout: 120)
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.contains("md_alloc_aligned at user/md.c:60"))
                #expect(Self.starts(log) == run)
            }
        }
    }
}
