import Foundation

/// Runs the built `slabhound` binary as a user would. It sits next to the test bundle in the
/// build directory (`swift test` builds it); `SLABHOUND_BIN` overrides.
enum SlabhoundBinary {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var url: URL {
        if let path = ProcessInfo.processInfo.environment["SLABHOUND_BIN"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("slabhound")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repository.appendingPathComponent(".build/debug/slabhound")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // A child that exits before reading all of stdin (a usage error) must not kill the
        // test runner with SIGPIPE: the write fails with EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Drain both pipes concurrently so a large output cannot dead-lock the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
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
