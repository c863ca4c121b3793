import Foundation
import Testing
import GdbMI
@testable import GdbSession

/// GdbSession against the real gdb-multiarch of this machine.
@Suite struct RealGdbSessionTests {
    @Test func versionEvaluateAndErrorAsValue() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let version = try await session.execute(MICommand("-gdb-version"))
        #expect(version.resultClass == .done)
        #expect(version.consoleText.hasPrefix("GNU gdb"))

        let sum = try await session.execute(MICommand("-data-evaluate-expression", "1+2"))
        #expect(sum.resultClass == .done)
        #expect(sum.results["value"]?.stringValue == "3")

        let error = try await session.execute(MICommand("-data-evaluate-expression", .identifier("no_such_symbol")))
        #expect(error.resultClass == .error)
        #expect(error.errorMessage?.contains("No symbol table is loaded") == true)

        let undefined = try await session.execute(MICommand("-no-such-command"))
        #expect(undefined.resultClass == .error)
        #expect(undefined.errorCode == "undefined-command")

        // The start-up notifications were kept apart.
        let unasked = await session.asyncRecords
        #expect(unasked.contains { if case .notifyAsync(_, "thread-group-added", _) = $0 { return true }; return false })
        await session.shutdown()
    }

    @Test func concurrentCallersEachGetTheirOwnAnswer() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let answers = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for n in 0..<40 {
                group.addTask {
                    let response = try await session.execute(.console(ConsoleCommand("output", .number(n), "*", 3)))
                    return (n, String(decoding: response.console, as: UTF8.self))
                }
            }
            return try await group.reduce(into: [Int: String?]()) { $0[$1.0] = $1.1 }
        }
        #expect(answers.count == 40)
        for (n, text) in answers {
            #expect(text == String(n * 3), "caller \(n) got \(String(describing: text))")
        }
        await session.shutdown()
    }

    @Test func consoleOutputIsJoinedPerCommand() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        // gdb 13 splits `help`'s text mid-line over records; the response joins them.
        let help = try await session.execute(.console(ConsoleCommand("help")))
        #expect(help.resultClass == .done)
        let lines = help.consoleText.split(separator: "\n")
        #expect(lines.contains("Type \"help\" followed by a class name for a list of commands in that class."))
        #expect(lines.first == "List of classes of commands:")

        // The next command gets only its own output.
        let echo = try await session.execute(.console(ConsoleCommand("echo", "slab\\377hound\\n")))
        #expect(echo.console == Array("slab".utf8) + [0xFF] + Array("hound\n".utf8))

        let bad = try await session.execute(.console(ConsoleCommand("nosuchcmd")))
        #expect(bad.resultClass == .error)
        #expect(bad.logText.contains("Undefined command: \"nosuchcmd\""))
        await session.shutdown()
    }

    @Test func gdbRunsLockedDownInItsOwnProcessGroup() async throws {
        // A descriptor this process holds without close-on-exec must not reach gdb.
        let bait = FileManager.default.temporaryDirectory.appendingPathComponent("mi-bait-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: bait.path, contents: nil)
        let baitFD = open(bait.path, O_RDONLY)
        try #require(baitFD >= 0)
        defer { close(baitFD); try? FileManager.default.removeItem(at: bait) }

        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let pid = try #require(await session.pid)
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        // Fields after the command name: state ppid pgrp ...
        let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
        #expect(Int32(fields[2]) == pid, "gdb leads its own process group")
        #expect(Int32(fields[2]) != getpgrp())

        let autoLoad = try await session.execute(.console(ConsoleCommand("show auto-load python-scripts")))
        #expect(autoLoad.consoleText.contains("off"))
        let safePath = try await session.execute(.console(ConsoleCommand("show auto-load safe-path")))
        #expect(safePath.consoleText.contains("/nonexistent"))
        let confirm = try await session.execute(.console(ConsoleCommand("show confirm")))
        #expect(confirm.consoleText.contains("off"))

        // Only stdin, stdout and stderr are inherited (+ whatever gdb opens itself, none of ours).
        let inherited = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap(Int.init).sorted()
        #expect(inherited.prefix(3) == [0, 1, 2])
        let targets = inherited.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)") }
        #expect(targets.count == inherited.count)
        #expect(!targets.contains(bait.path), "a descriptor of the test process leaked into gdb: \(targets)")
        await session.shutdown()
        #expect(await SessionTestSupport.eventually { !SessionTestSupport.processExists(pid) }, "gdb reaped, no zombie")
    }

    @Test func interruptedLongCommandTimesOutWithoutRestart() async throws {
        // The timeout gives gdb time to start the command (a SIGINT that comes before gdb reads it
        // interrupts nothing, and the 60 s sleep then outlasts the grace), and the grace gives it
        // time to answer the interrupt: both are seconds on a loaded 2-core machine.
        var configuration = try SessionTestSupport.realConfiguration()
        configuration.interruptGrace = .seconds(20)
        let session = try await GdbSession(configuration: configuration)
        let hasPython = try await session.execute(.console(ConsoleCommand("python", "print(1)")))
        try #require(hasPython.resultClass == .done, "gdb-multiarch without Python")
        let pid = await session.pid
        let start = ContinuousClock.now
        await #expect(throws: GdbSessionError.self) {
            try await session.execute(.console(ConsoleCommand("python", "import time; time.sleep(60)")), timeout: .seconds(3))
        }
        #expect(ContinuousClock.now - start < .seconds(50), "interrupted, not slept out (bounded even on a loaded 2-core machine)")
        // SIGINT reached gdb (KeyboardInterrupt in Python), so it lives on: same process.
        #expect(await session.pid == pid, "gdb was killed after the grace, not interrupted")
        #expect(await session.restartCount == 0)
        let after = try await session.execute(MICommand("-data-evaluate-expression", "2*21"))
        #expect(after.results["value"]?.stringValue == "42")
        await session.shutdown()
    }

    /// gdb killed with SIGKILL five times in a row: each next command succeeds in a new gdb
    /// that has the replayed state back.
    @Test func killedFiveTimesRestartsAndReplays() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let set = try await session.execute(.console(ConsoleCommand("set var", .identifier("$slabhound_marker"), "=", 42)),
                                            replayOnRestart: true)
        #expect(set.resultClass == .done)
        var pids: Set<Int32> = []
        for round in 1...5 {
            let pid = try #require(await session.pid)
            pids.insert(pid)
            SessionTestSupport.kill(pid, SIGKILL)
            #expect(await SessionTestSupport.eventually { await !session.isRunning }, "death noticed in round \(round)")
            let value = try await session.execute(MICommand("-data-evaluate-expression", .identifier("$slabhound_marker")))
            #expect(value.results["value"]?.stringValue == "42", "round \(round)")
            #expect(await session.restartCount == round)
            #expect(!SessionTestSupport.processExists(pid), "killed gdb \(pid) was reaped")
            let termination = await session.lastTermination
            #expect(termination?.contains("signal 9") == true)
        }
        pids.insert(try #require(await session.pid))
        #expect(pids.count == 6)
        await session.shutdown()
    }

    /// A command sent after gdb was killed (its end not yet noticed by the session: the write
    /// meets a closed socket) goes to a new gdb, with what was replayed, instead of failing.
    /// The command waits until the kill has taken effect: whether a write that races the kill
    /// itself is read by gdb depends on scheduling (a loaded CI machine), and the session
    /// decides that case by a time window (`GdbSession.deliveryRaceWindow`), not a fact.
    @Test func commandRightAfterAKillGoesToTheNewGdb() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        _ = try await session.execute(.console(ConsoleCommand("set var", .identifier("$slabhound_marker"), "=", 7)),
                                      replayOnRestart: true)
        for round in 1...3 {
            let pid = try #require(await session.pid)
            SessionTestSupport.kill(pid, SIGKILL)
            #expect(await SessionTestSupport.eventually(10) { SessionTestSupport.hasExited(pid) }, "round \(round)")
            let value = try await session.execute(MICommand("-data-evaluate-expression", .identifier("$slabhound_marker")))
            #expect(value.results["value"]?.stringValue == "7", "round \(round)")
            #expect(await session.restartCount == round)
        }
        await session.shutdown()
    }

    /// Killed while a command runs: that command fails with the reason, the next works.
    @Test func killedMidCommandFailsThatCommand() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let pid = try #require(await session.pid)
        // Killed once gdb runs the command (its main thread sleeps in Python's time.sleep) and
        // the session's delivery-race window has passed, not after a fixed delay from now: a
        // write delayed by a loaded machine to near the kill counts as never delivered and goes to
        // a new gdb, which sleeps 30 s. Without wchan (no kallsyms) the kill comes after 10 s.
        let killer = Task {
            _ = await SessionTestSupport.eventually(10) { SessionTestSupport.isInNanosleep(pid) }
            try? await Task.sleep(for: GdbSession.deliveryRaceWindow * 2)
            SessionTestSupport.kill(pid, SIGKILL)
        }
        do {
            _ = try await session.execute(.console(ConsoleCommand("python", "import time; time.sleep(30)")))
            Issue.record("returned although gdb was killed")
        } catch GdbSessionError.died(let reason) {
            #expect(reason.contains("pid \(pid)") && reason.contains("signal 9"), "\(reason)")
        }
        await killer.value
        let next = try await session.execute(MICommand("-data-evaluate-expression", "6*7"))
        #expect(next.results["value"]?.stringValue == "42")
        #expect(await session.restartCount == 1)
        await session.shutdown()
    }

    /// Symbol files loaded through hostile-looking paths (quotes, blanks, `$(...)`) are
    /// loaded as files, and loaded again after gdb is killed.
    @Test func symbolFilesWithOddPathsAreReloadedAfterRestart() async throws {
        guard let compiler = try? GdbLocator.locate(explicit: "arm-linux-gnueabihf-gcc") else {
            Issue.record("arm-linux-gnueabihf-gcc not installed (Debian gcc-arm-linux-gnueabihf)")
            return
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("slabhound mi \"q\" $(touch pwned) \\ \(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("lib.c")
        try "int slabhound_leaky(int n) { return n * 3; }\nint slabhound_other(void) { return 7; }\n"
            .write(to: source, atomically: true, encoding: .utf8)
        let object = directory.appendingPathComponent("lib`x`.o")
        let status = try await SessionTestSupport.run(compiler, ["-g", "-O1", "-c", source.path, "-o", object.path])
        try #require(status == 0)

        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let load = try await session.execute(
            .console(ConsoleCommand("add-symbol-file", .path(object.path), "-o", .address(0x1000_0000))),
            replayOnRestart: true)
        #expect(load.resultClass == .done, "\(load.errorMessage ?? "")")

        func lookUp() async throws -> MIResponse {
            try await session.execute(MICommand("-symbol-info-functions", "--name", .identifier("slabhound_leaky")))
        }
        let before = try await lookUp()
        #expect(before.results["symbols"]?["debug"]?.listValue?.first?["symbols"]?.listValue?.first?["name"]?.stringValue == "slabhound_leaky")

        let pid = try #require(await session.pid)
        SessionTestSupport.kill(pid, SIGKILL)
        #expect(await SessionTestSupport.eventually { await !session.isRunning })
        let after = try await lookUp()
        #expect(after == MIResponse(token: after.token, resultClass: before.resultClass, results: before.results,
                                    console: before.console, log: before.log))
        #expect(await session.restartCount == 1)
        #expect(await session.replayErrors.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/pwned"))
        await session.shutdown()
    }
}
