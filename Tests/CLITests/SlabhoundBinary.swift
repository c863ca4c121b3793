import Foundation
import TestSupport

/// Runs the built `slabhound` binary as a user would (TestSupport's `SlabhoundProcess` finds it:
/// `SLABHOUND_BIN`, else next to the test bundle), with `NO_COLOR` set.
enum SlabhoundBinary {
    static let repository = SlabhoundProcess.package

    static var url: URL {
        SlabhoundProcess.binary ?? repository.appendingPathComponent(".build/debug/slabhound")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        let outcome = try SlabhoundProcess.run(url, arguments, stdin: stdin.map { Data($0.utf8) }, environment: env)
        return Run(status: outcome.status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
    }
}

/// The example fixtures (see Tests/SymbolicationTests/Support/ExampleFixtures.swift, which builds
/// them when missing; `make test` builds them first).
enum Fixtures {
    static var directory: URL {
        ProcessInfo.processInfo.environment["SLABHOUND_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? SlabhoundBinary.repository.appendingPathComponent(".fixtures")
    }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static var available: Bool {
        FileManager.default.fileExists(atPath: path("expected.tsv"))
    }
}
