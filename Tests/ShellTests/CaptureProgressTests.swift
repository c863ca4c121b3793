import Foundation
import Testing

extension ShellBinaryTests {
    /// Terminal manners for long ingestion and symbol loading: `capture` of a large log and
    /// `blame` waiting for gdb show their progress on a terminal's stderr, erased before the
    /// output; a pipe gets none of it.
    @Suite struct CaptureProgressTests {
        /// The seed's two snapshots, alternating, until the log is about `megabytes` MB.
        static func largeLog(in directory: URL, megabytes: Int) throws -> URL {
            let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("CapturesTests/Fixtures/snapshots")
            let pair = try String(contentsOf: snapshots.appendingPathComponent("seed-snapshot-start.txt"), encoding: .utf8)
                + String(contentsOf: snapshots.appendingPathComponent("seed-snapshot-leak.txt"), encoding: .utf8)
            let data = Data(pair.utf8)
            let url = directory.appendingPathComponent("large.log")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let handle = try FileHandle(forWritingTo: url)
            for _ in 0..<(megabytes * 1_000_000 / data.count + 1) { handle.write(data) }
            try handle.close()
            return url
        }

        @Test func progressOnATerminalOnly() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let log = try Self.largeLog(in: home, megabytes: 12)

            let piped = try SlabhoundBinary.run(["-batch", "-ex", "capture \(log.path)"], home: home, timeout: 300)
            #expect(piped.status == 0)
            #expect(!piped.stderr.contains("reading "), "progress written to a pipe: \(piped.stderr.prefix(300))")

            let tmux = try TmuxSession(home: home)
            #expect(try tmux.waitForPrompt(count: 1))
            try tmux.type("capture \(log.path)")
            try tmux.press("Enter")
            let progress = /reading \S*large\.log: \d+% \(\d+\.\d of \d+\.\d MB\)/
            #expect(try tmux.waitUntil(timeout: 120) { $0.contains(progress) }, "no progress line: \((try? tmux.screen()) ?? "")")
            #expect(try tmux.waitForPrompt(count: 2, timeout: 300))
            let screen = try tmux.screen()
            #expect(!screen.contains(progress), "the progress line was left on screen")
            #expect(screen.contains("(slabhound) capture \(log.path)\n\(log.path): "), "the report starts on a clean line")
        }

        @Test(.enabled(if: BoardFixtures.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb-multiarch"),
                       "needs the ARM fixtures and gdb-multiarch"))
        func aSlowGdbStartIsShownWhileBlameWaits() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            // A gdb that takes two seconds to come up, as one loading a large vmlinux does.
            let gdb = home.appendingPathComponent("slow-gdb")
            try "#!/bin/sh\ncase \"$*\" in *mi*) sleep 2 ;; esac\nexec gdb-multiarch \"$@\"\n".write(to: gdb, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gdb.path)
            let tmux = try TmuxSession(home: home)
            #expect(try tmux.waitForPrompt(count: 1))
            try tmux.type("blame --no-cache --gdb \(gdb.path) --symbols \(BoardFixtures.path("rootfs")) \(BoardFixtures.path("print_trace.log"))")
            try tmux.press("Enter")
            let progress = /resolving \d+ frames with gdb/
            #expect(try tmux.waitUntil(timeout: 30) { $0.contains(progress) }, "no progress line: \((try? tmux.screen()) ?? "")")
            #expect(try tmux.waitForPrompt(count: 2, timeout: 120))
            let screen = try tmux.screen()
            #expect(!screen.contains(progress), "the progress line was left on screen")
            #expect(screen.contains("print_trace.log\n#  site "), "the table starts on a clean line")
        }
    }
}
