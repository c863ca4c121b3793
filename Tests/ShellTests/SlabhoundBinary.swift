import Foundation
import Testing
import TestSupport

/// Every test that starts the slabhound binary, one at a time: a tmux server started while
/// another test's pipes to its child are open would inherit them and keep them open (a hang),
/// and the machine has two cores.
@Suite(.serialized) struct ShellBinaryTests {}

/// The built `slabhound` executable these tests drive, and a way to run it (over TestSupport's
/// `SlabhoundProcess`, which finds it: `$SLABHOUND_BIN`; next to the test bundle —
/// `swift test --scratch-path .build-shell --filter ShellTests` builds it there;
/// `<package>/.build/debug/slabhound`).
enum SlabhoundBinary {
    static let url: URL? = SlabhoundProcess.binary

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
        do {
            let outcome = try SlabhoundProcess.run(url, arguments, stdin: Data(input.utf8), directory: directory,
                                                   environment: environment(home: home), timeout: timeout)
            return Result(status: outcome.status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
        } catch let timedOut as SlabhoundProcess.Timeout {
            throw TestFailure(timedOut.description)
        }
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
