import Foundation

/// Runs the built `slabhound` binary (or any program) as a user would, for every test target
/// that drives the binary: CLITests and ShellTests wrap this in their own small helpers
/// (`SlabhoundBinary`, `HardeningProcess`).
public enum SlabhoundProcess {
    /// How a run ended and what it printed.
    public struct Outcome: Sendable {
        public var reason: Process.TerminationReason
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// A run that did not finish within its timeout (the child was terminated).
    public struct Timeout: Error, CustomStringConvertible {
        public var description: String
    }

    /// The package's root directory (this file is `Tests/TestSupport/SlabhoundProcess.swift`).
    public static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary, found in order: `$SLABHOUND_BIN`; next to the test bundle (`swift test`
    /// builds it into the same scratch path), up to four directories up; the test bundle's own
    /// directory; `<package>/.build/debug/slabhound`. nil when none is executable.
    public static let binary: URL? = {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SLABHOUND_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("slabhound"))
            directory = directory.deletingLastPathComponent()
        }
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("slabhound"))
        }
        candidates.append(package.appendingPathComponent(".build/debug/slabhound"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `executable` with `stdin` (never a terminal) in `directory`, with exactly
    /// `environment`. stdout and stderr are drained on their own threads, so a chatty child
    /// cannot dead-lock the test. With a `timeout`, a child still running then is terminated
    /// and `Timeout` is thrown.
    ///
    /// stdin is a file (deleted once the child has it open), not a pipe: a child that exits
    /// before reading all of it would make the test process's write to a pipe raise SIGPIPE,
    /// which kills the whole test run (and ignoring SIGPIPE here would be inherited by the child).
    public static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, directory: URL? = nil,
                           environment: [String: String], timeout: TimeInterval? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        var input: FileHandle?
        if let stdin {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-stdin-\(UUID().uuidString)")
            try stdin.write(to: file)
            input = try FileHandle(forReadingFrom: file)
            try? FileManager.default.removeItem(at: file)
        }
        process.standardInput = input ?? FileHandle.nullDevice
        defer { try? input?.close() }
        try process.run()
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if let timeout, group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw Timeout(description: "\(executable.lastPathComponent) \(arguments) did not finish within \(timeout) s")
        }
        group.wait()
        process.waitUntilExit()
        return Outcome(reason: process.terminationReason, status: process.terminationStatus, stdout: outData, stderr: errData)
    }
}
