import Foundation
import Testing

/// The shell keeps one gdb for the session: a second command reuses it, and a gdb killed with
/// SIGKILL between commands costs nothing but a restart — the next command resolves again.
@Suite(.enabled(if: Fixtures.available, "fixtures: run `make fixtures` (make test does)"))
struct SessionGdbTests {
    /// A slabhound reading commands from a pipe (no terminal: no prompt), output collected.
    final class LiveShell: @unchecked Sendable {
        let process = Process()
        private let input = Pipe()
        private let output = Pipe()
        private let lock = NSLock()
        private var collected = Data()

        init(arguments: [String]) throws {
            process.executableURL = SlabhoundBinary.url
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = "1"
            process.environment = environment
            process.standardInput = input
            process.standardOutput = output
            process.standardError = output
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                self.lock.lock(); self.collected.append(data); self.lock.unlock()
            }
            try process.run()
        }

        var text: String {
            lock.lock(); defer { lock.unlock() }
            return String(decoding: collected, as: UTF8.self)
        }

        func send(_ line: String) {
            input.fileHandleForWriting.write(Data((line + "\n").utf8))
        }

        /// Waits until `needle` occurs `count` times in the output.
        func wait(for needle: String, count: Int, seconds: Double = 60) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if text.components(separatedBy: needle).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }

        /// gdb processes whose parent is this slabhound.
        var gdbChildren: [Int32] {
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/task")) ?? []
            var pids: [Int32] = []
            for task in tasks {
                let children = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/task/\(task)/children", encoding: .utf8)) ?? ""
                pids += children.split(separator: " ").compactMap { Int32($0) }
            }
            return pids.filter { pid in
                ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "").contains("gdb")
            }
        }

        /// Waits until every thread of each process has exited (zombie, dead or gone). The
        /// leader alone being a zombie is not enough: gdb's other threads still hold its stdin.
        static func waitUntilExited(_ pids: [Int32], seconds: Double = 30) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            func exited(_ pid: Int32) -> Bool {
                guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return true }
                return threads.allSatisfy { thread in
                    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8),
                          let close = stat.lastIndex(of: ")") else { return true }
                    let state = stat[stat.index(after: close)...].drop { $0 == " " }
                    return state.hasPrefix("Z") || state.hasPrefix("X")
                }
            }
            while Date() < deadline {
                if pids.allSatisfy(exited) { return true }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return pids.allSatisfy(exited)
        }

        func close() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            output.fileHandleForReading.readabilityHandler = nil
        }
    }

    @Test("one gdb for the session; SIGKILL five times costs only a restart")
    func killedGdbUnderTheShell() throws {
        let shell = try LiveShell(arguments: ["--symbols", Fixtures.path("rootfs")])
        defer { shell.close() }
        let command = "symbolize --no-cache \(Fixtures.path("print_trace_nomaps.log"))"
        let needle = "-> md_alloc_luma at user/md.c:28"
        let perRun = try String(contentsOfFile: Fixtures.path("print_trace_nomaps.log"), encoding: .utf8)
            .components(separatedBy: "/lib/libMD_LINUX.so(+0x5ac)").count - 1
        #expect(perRun > 0)

        shell.send(command)
        #expect(shell.wait(for: needle, count: perRun), "first run:\n\(shell.text.suffix(2000))")
        let first = shell.gdbChildren
        #expect(first.count == 1, "one gdb for the session")

        shell.send(command)
        #expect(shell.wait(for: needle, count: 2 * perRun))
        #expect(shell.gdbChildren == first, "the second command reused the same gdb")

        for round in 1...5 {
            let killed = shell.gdbChildren
            for pid in killed { kill(pid, SIGKILL) }
            // Between commands: the next is sent once every thread of the killed gdb is gone (its
            // stdin closed). A command written while they are still dying is judged by the
            // session's 250 ms delivery-race window, which a loaded machine can miss.
            #expect(LiveShell.waitUntilExited(killed), "gdb \(killed) still alive in round \(round)")
            shell.send(command)
            #expect(shell.wait(for: needle, count: (2 + round) * perRun), "after kill \(round):\n\(shell.text.suffix(1500))")
        }
        // Dead gdbs are reaped: never more than one gdb under the shell (the thread that spawned
        // the replacement may not list it in /proc children, so 0 is accepted here).
        #expect(shell.gdbChildren.count <= 1, "dead gdbs are reaped")
    }
}
