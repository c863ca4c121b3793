import Foundation
import Testing
import GdbMI
@testable import GdbSession

/// Faults, with a scripted fake gdb (Fixtures/fake-gdb.sh) spawned as the executable, so the
/// real spawn, kill, reap and restart paths run.
@Suite struct FakeGdbFaultTests {
    @Test func answersAreMatchedAndStreamsJoined() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        let split = try await session.execute(MICommand("-fake-split"))
        #expect(split.resultClass == .done)
        #expect(split.consoleText == "first half of a line\nsecond line\n")
        #expect(split.logText == "a log message\n")
        #expect(await session.asyncRecords.contains(.notifyAsync(token: nil, asyncClass: "unasked-notification", results: ["x": .string([0x31])])))
        await session.shutdown()
    }

    @Test func neverAnsweringTimesOutThenKillsAndRestarts() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration(
            commandTimeout: .milliseconds(300), interruptGrace: .milliseconds(300)))
        let hungPid = try #require(await session.pid)
        let start = ContinuousClock.now
        do {
            _ = try await session.execute(MICommand("-fake-hang"))
            Issue.record("a hung command returned")
        } catch GdbSessionError.timeout(let command, let after) {
            #expect(command == "-fake-hang")
            #expect(after == .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - start
        // The upper bound only says "it gives up instead of hanging" (tests have taken 15 s here on a
        // loaded 2-core machine).
        #expect(elapsed >= .milliseconds(550) && elapsed < .seconds(60), "timeout + grace, got \(elapsed)")
        #expect(await !session.isRunning)
        // The fake ignores SIGINT: it had to be killed, with its `sleep` child (same group).
        #expect(await SessionTestSupport.eventually { !SessionTestSupport.processExists(hungPid) })

        let next = try await session.execute(MICommand("-fake-pid"))
        #expect(next.resultClass == .done)
        #expect(next.results["pid"]?.intValue.map(Int32.init) != hungPid)
        #expect(await session.restartCount == 1)
        await session.shutdown()
    }

    @Test func perCommandTimeoutOverridesTheDefault() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration(
            commandTimeout: .seconds(60), interruptGrace: .milliseconds(100)))
        let start = ContinuousClock.now
        await #expect(throws: GdbSessionError.self) {
            try await session.execute(MICommand("-fake-hang"), timeout: .milliseconds(200))
        }
        // Only "it gives up instead of hanging": a loaded 2-core CI machine has taken 15 s here.
        #expect(ContinuousClock.now - start < .seconds(60), "bounded even on a loaded 2-core machine")
        await session.shutdown()
    }

    @Test func dyingMidCommandFailsItAndRestartReplays() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        _ = try await session.execute(MICommand("-fake-set", "first"), replayOnRestart: true)
        _ = try await session.execute(MICommand("-fake-set", "second"), replayOnRestart: true)
        _ = try await session.execute(MICommand("-fake-set", "not-replayed"))
        let firstPid = try #require(await session.pid)
        do {
            _ = try await session.execute(MICommand("-fake-die"))
            Issue.record("a command whose gdb died returned")
        } catch GdbSessionError.died(let reason) {
            #expect(reason.contains("killed by signal 9"), "\(reason)")
            #expect(reason.contains("\(firstPid)"))
        }
        #expect(!SessionTestSupport.processExists(firstPid), "reaped before the error was reported")

        // Restarted on the next command with the replayed commands, in order, and only those.
        let value = try await session.execute(MICommand("-fake-get"))
        #expect(value.results["value"]?.stringValue == "second")
        let count = try await session.execute(MICommand("-fake-count"))
        #expect(count.results["count"]?.intValue == 4, "2 replayed + get + count")
        #expect(await session.restartCount == 1)
        await session.shutdown()
    }

    @Test func exitStatusAndStderrAreInTheReason() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        do {
            _ = try await session.execute(MICommand("-fake-exit-3"))
            Issue.record("returned")
        } catch GdbSessionError.died(let reason) {
            #expect(reason.contains("exited with status 3"), "\(reason)")
            #expect(reason.contains("fake: fatal error, exiting"), "\(reason)")
        }
        await session.shutdown()
    }

    @Test func pendingCommandsQueuedBehindADeathRunOnTheNewProcess() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        async let dying = outcome { try await session.execute(MICommand("-fake-die")) }
        try await Task.sleep(for: .milliseconds(20))
        async let queued = outcome { try await session.execute(MICommand("-fake-count")) }
        let (first, second) = await (dying, queued)
        guard case .failure(GdbSessionError.died) = first else { Issue.record("\(first)"); return }
        let response = try second.get()
        #expect(response.results["count"]?.intValue == 1)
        await session.shutdown()
    }

    @Test func garbageBecomesUnparsedRecordsAndTheAnswerStillArrives() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        let response = try await session.execute(MICommand("-fake-garbage"))
        #expect(response.resultClass == .done)
        #expect(response.results["after"]?.stringValue == "garbage")
        let unparsed = await session.asyncRecords.compactMap { record -> String? in
            if case .unparsed(let text) = record { return text }
            return nil
        }
        #expect(unparsed.count == 3)
        #expect(unparsed.first == "this is not MI at all")
        #expect(unparsed.contains("^done,x=\"unterminated"))
        #expect(await session.restartCount == 0)
        await session.shutdown()
    }

    @Test func startupWithoutPromptTimesOut() async throws {
        let start = ContinuousClock.now
        do {
            _ = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration(
                ["--fake-silent-start"], startupTimeout: .milliseconds(300)))
            Issue.record("started")
        } catch GdbSessionError.startup(let message) {
            #expect(message.contains("no MI prompt"))
        }
        // Only "it gives up instead of hanging": a loaded 2-core CI machine has taken 15 s here.
        #expect(ContinuousClock.now - start < .seconds(60), "bounded even on a loaded 2-core machine")
    }

    @Test func oldGdbWithoutMI3FallsBackToMI2() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration(["--fake-no-mi3"]))
        let response = try await session.execute(MICommand("-fake-count"))
        #expect(response.resultClass == .done)
        await session.shutdown()
    }

    @Test func missingExecutableIsAStartupError() async throws {
        await #expect(throws: GdbSessionError.self) {
            _ = try await GdbSession(configuration: GdbConfiguration(executable: "/nonexistent/gdb"))
        }
    }

    @Test func refusedArgumentIsAnEncodingErrorAndNothingIsSent() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        do {
            _ = try await session.execute(MICommand("-fake-set", .identifier("x\n-fake-die")))
            Issue.record("accepted")
        } catch GdbSessionError.encoding(let message) {
            #expect(message.contains("x\\n-fake-die"))
        }
        let count = try await session.execute(MICommand("-fake-count"))
        #expect(count.results["count"]?.intValue == 1)
        #expect(await session.restartCount == 0)
        await session.shutdown()
    }

    @Test func shutdownReapsAndLaterCommandsFail() async throws {
        let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        let pid = try #require(await session.pid)
        await session.shutdown()
        #expect(!SessionTestSupport.processExists(pid))
        await #expect(throws: GdbSessionError.self) { try await session.execute(MICommand("-fake-count")) }
    }

    @Test func manySessionsLeakNoDescriptors() async throws {
        // Warm up (threads, lazily opened files), then compare.
        let warm = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
        await warm.shutdown()
        // Other tests running in parallel open and close descriptors of this process too: each
        // count is the fewest seen over a second, which a leak raises but their comings and goings
        // do not.
        func settledCount() async -> Int {
            var fewest = Int.max
            for _ in 0..<10 {
                fewest = min(fewest, SessionTestSupport.openDescriptorCount())
                try? await Task.sleep(for: .milliseconds(100))
            }
            return fewest
        }
        let before = await settledCount()
        for _ in 0..<25 {
            let session = try await GdbSession(configuration: SessionTestSupport.fakeConfiguration())
            _ = try await session.execute(MICommand("-fake-count"))
            await session.shutdown()
        }
        let after = await settledCount()
        // Each session uses 3 descriptors; a leak would add 25 or more.
        #expect(after - before < 20, "descriptors before \(before), after \(after)")
    }
}
