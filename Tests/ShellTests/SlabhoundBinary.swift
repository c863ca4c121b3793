import Foundation
import Testing

/// Every test that starts the slabhound binary, one at a time: a tmux server started while
/// another test's pipes to its child are open would inherit them and keep them open (a hang),
/// and the machine has two cores.
@Suite(.serialized) struct ShellBinaryTests {}

/// The built `slabhound` executable these tests drive, and a way to run it.
///
/// Found, in order: `$SLABHOUND_BIN`; next to the test bundle (`<scratch>/debug/slabhound` —
/// `swift test` builds it: `swift test --scratch-path .build-shell --filter ShellTests`);
/// `<package>/.build/debug/slabhound`.
enum SlabhoundBinary {
    static let url: URL? = {
        let fileManager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["SLABHOUND_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var candidates: [URL] = []
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("slabhound"))
        if let bundle = Bundle.main.executableURL {
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("slabhound"))
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(package.appendingPathComponent(".build/debug/slabhound"))
        return candidates.first { fileManager.isExecutableFile(atPath: $0.path) }
    }()

    static let missingMessage = "slabhound binary not found: build it (`swift build --scratch-path .build-shell`) and run the tests from the same scratch path, or set SLABHOUND_BIN"

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A clean environment: a private HOME (history), no colour, a known terminal type.
    static func environment(home: URL, extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "xterm-256color"
        environment.removeValue(forKey: "SLABHOUND_BIN")
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs slabhound with stdin from `input` (a pipe, so not a terminal).
    static func run(_ arguments: [String], input: String = "", home: URL, directory: URL? = nil, timeout: TimeInterval = 60) throws -> Result {
        guard let url else { throw TestFailure(missingMessage) }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = environment(home: home)
        if let directory { process.currentDirectoryURL = directory }
        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        try process.run()
        stdinPipe.fileHandleForWriting.write(Data(input.utf8))
        try stdinPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data()
        nonisolated(unsafe) var err = Data()
        group.enter()
        DispatchQueue.global().async { out = stdoutPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { err = stderrPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw TestFailure("slabhound \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    static func temporaryHome() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
