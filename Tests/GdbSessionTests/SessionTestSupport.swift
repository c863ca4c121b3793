import Foundation
import Testing
import GdbMI
@testable import GdbSession

enum SessionTestSupport {
    static let fakeGdb = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fake-gdb.sh").path

    /// Timeouts that are not under test are generous: on a loaded 2-core machine every test of
    /// the run shares two cooperative threads, and tests here have taken 60 s of wall time.
    static func fakeConfiguration(_ extra: [String] = [], commandTimeout: Duration = .seconds(60),
                                  startupTimeout: Duration = .seconds(60),
                                  interruptGrace: Duration = .milliseconds(300)) -> GdbConfiguration {
        GdbConfiguration(executable: fakeGdb, extraArguments: extra, commandTimeout: commandTimeout,
                         startupTimeout: startupTimeout, interruptGrace: interruptGrace)
    }

    /// The real gdb the product would use on this machine (gdb-multiarch on Debian).
    static func realConfiguration(commandTimeout: Duration = .seconds(60)) throws -> GdbConfiguration {
        let path = try GdbLocator.locate(explicit: nil)
        return GdbConfiguration(executable: path, commandTimeout: commandTimeout, startupTimeout: .seconds(60))
    }

    /// True while `pid` exists at all (a zombie counts: it has not been reaped).
    static func processExists(_ pid: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    /// True once every thread of `pid` has exited (so its descriptors are closed), or it is gone.
    /// The leader alone being a zombie is not enough: gdb is multi-threaded, the leader turns
    /// `Z` while its other threads are still dying and holding the shared descriptor table, so
    /// a write to gdb's stdin still succeeds then (seen in 15 of 200 kills on one loaded core).
    static func hasExited(_ pid: Int32) -> Bool {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return true }
        return threads.allSatisfy { thread in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/task/\(thread)/stat", encoding: .utf8) else { return true }
            // "tid (comm) S ...": the state follows the last ')'; Z zombie, X dead.
            guard let close = stat.lastIndex(of: ")") else { return false }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces)
            return state.hasPrefix("Z") || state.hasPrefix("X")
        }
    }

    /// True while `pid`'s main thread sleeps in nanosleep (gdb running Python's `time.sleep`;
    /// an idle gdb waits in poll).
    static func isInNanosleep(_ pid: Int32) -> Bool {
        ((try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? "").contains("nanosleep")
    }

    /// Waits until `condition` holds or `seconds` pass.
    static func eventually(_ seconds: Double = 5, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    static func openDescriptorCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    static func kill(_ pid: Int32, _ signal: Int32) {
        #if canImport(Glibc)
        _ = Glibc.kill(pid, signal)
        #endif
    }
}

/// `Result` of an async throwing call (`Result.init(catching:)` is synchronous only).
func outcome<T: Sendable>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

extension SessionTestSupport {
    /// Runs a program to completion without blocking a cooperative thread (there are only
    /// two on this machine; a blocking wait there starves every other test's session).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
    }
}
