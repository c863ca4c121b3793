import Foundation

/// The real ARM fixtures: built from Examples/ with Debian's cross compilers and run under
/// qemu-arm (`make -C Examples`). `make test` builds them first and says where
/// (`SLABHOUND_FIXTURES`); a plain `swift test` builds them here, once.
enum ExampleFixtures {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixture directory, built if needed. Throws with make's output when the build fails.
    static let directory: Result<URL, FixtureError> = {
        let out = ProcessInfo.processInfo.environment["SLABHOUND_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? repository.appendingPathComponent(".fixtures")
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("expected.tsv").path) {
            return .success(out)
        }
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        make.arguments = ["make", "-s", "-C", repository.appendingPathComponent("Examples").path, "OUT=\(out.path)"]
        let pipe = Pipe()
        make.standardOutput = pipe
        make.standardError = pipe
        do { try make.run() } catch { return .failure(FixtureError(message: "cannot run make: \(error)")) }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        make.waitUntilExit()
        guard make.terminationStatus == 0 else {
            return .failure(FixtureError(message: "make -C Examples failed:\n" + String(decoding: output, as: UTF8.self)))
        }
        return .success(out)
    }()

    static func url(_ name: String) throws -> URL {
        try directory.get().appendingPathComponent(name)
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: url(name)), as: UTF8.self)
    }

    /// expected.tsv rows for one log, keyed by input line.
    static func expected(for log: String) throws -> [Int: ExpectedFrame] {
        var rows: [Int: ExpectedFrame] = [:]
        for line in try text("expected.tsv").split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 13, fields[0] == log, let number = Int(fields[1]) else { continue }
            rows[number] = ExpectedFrame(fields: fields)
        }
        return rows
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One row of expected.tsv: where a frame must resolve, computed from `@site` markers in the
/// example sources (and cross-checked with addr2line), never from gdb.
struct ExpectedFrame: Equatable {
    var function: String
    var file: String
    var line: Int
    /// `func@file:line` of each level it is inlined into, innermost first.
    var inlinedBy: [String]
    var hasMarkers: Bool
    var module: String

    init(fields: [String]) {
        function = fields[2]
        file = fields[3]
        line = Int(fields[4]) ?? 0
        inlinedBy = fields[5] == "-" ? [] : fields[5].split(separator: ";").map(String.init)
        module = fields[7]
        hasMarkers = fields[12] == "ok"
    }
}
