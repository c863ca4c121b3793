import Foundation
import TestSupport

/// Runs the built binary with bytes on stdin, a working directory and an environment of the
/// test's choosing, and says how it ended (an exit status or a signal) — what the hardening
/// tests need and `SlabhoundBinary.run` does not give (both over TestSupport's `SlabhoundProcess`).
enum HardeningProcess {
    struct Outcome {
        var reason: Process.TerminationReason
        var status: Int32
        var stdout: Data
        var stderr: String

        var exitedNormally: Bool { reason == .exit }
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var summary: String { "reason \(reason == .exit ? "exit" : "signal") \(status), stderr: \(stderr.prefix(400))" }
    }

    static func run(_ arguments: [String], stdin: Data? = nil, directory: URL? = nil,
                    environment: [String: String] = [:], replaceEnvironment: Bool = false) throws -> Outcome {
        var env = replaceEnvironment ? [:] : ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Swift's crash reporter would only slow a crash down; the signal is what we check.
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (key, value) in environment { env[key] = value }
        let outcome = try SlabhoundProcess.run(SlabhoundBinary.url, arguments, stdin: stdin, directory: directory, environment: env)
        return Outcome(reason: outcome.reason, status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderrText)
    }

    /// A fresh empty directory under the system temporary directory.
    static func scratchDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-hardening-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Every path under `root`, relative, sorted.
    static func listing(_ root: URL) -> [String] {
        let base = root.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return [] }
        return walker.compactMap { $0 as? String }.sorted()
    }

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hardening/\(name)")
    }
}
