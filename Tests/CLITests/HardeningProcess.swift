import Foundation

/// Runs the built binary with bytes on stdin, a working directory and an environment of the
/// test's choosing, and says how it ended (an exit status or a signal) — what the hardening
/// tests need and `SlabhoundBinary.run` does not give.
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
        let process = Process()
        process.executableURL = SlabhoundBinary.url
        process.arguments = arguments
        var env = replaceEnvironment ? [:] : ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // Swift's crash reporter would only slow a crash down; the signal is what we check.
        env["SWIFT_BACKTRACE"] = "enable=no"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        // A child that exits before reading all of stdin (a usage error) must not kill the
        // test runner with SIGPIPE: the write fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        // Write stdin on its own thread: the child may write a lot before it reads everything.
        group.enter()
        let writer = input.fileHandleForWriting
        DispatchQueue.global().async {
            if let stdin { try? writer.write(contentsOf: stdin) }
            try? writer.close()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(reason: process.terminationReason, status: process.terminationStatus,
                       stdout: outData, stderr: String(decoding: errData, as: UTF8.self))
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
