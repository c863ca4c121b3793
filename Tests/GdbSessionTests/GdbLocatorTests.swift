import Foundation
import Testing
@testable import GdbSession

@Suite struct GdbLocatorTests {
    private func makeBin(_ names: [String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi-locator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in names {
            let file = directory.appendingPathComponent(name)
            try "#!/bin/sh\n".write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return directory
    }

    @Test func prefersTheArmGdbThenGdbMultiarch() throws {
        let both = try makeBin(["gdb-multiarch", "arm-linux-gnueabihf-gdb"])
        let multiarchOnly = try makeBin(["gdb-multiarch"])
        defer { try? FileManager.default.removeItem(at: both); try? FileManager.default.removeItem(at: multiarchOnly) }
        #expect(try GdbLocator.locate(explicit: nil, environment: ["PATH": "/nonexistent:\(both.path)"])
            == both.appendingPathComponent("arm-linux-gnueabihf-gdb").path)
        // The ARM gdb wins wherever it is on PATH; gdb-multiarch only without it.
        #expect(try GdbLocator.locate(explicit: nil, environment: ["PATH": "\(multiarchOnly.path):\(both.path)"])
            == both.appendingPathComponent("arm-linux-gnueabihf-gdb").path)
        #expect(try GdbLocator.locate(explicit: nil, environment: ["PATH": multiarchOnly.path])
            == multiarchOnly.appendingPathComponent("gdb-multiarch").path)
    }

    @Test func explicitWins() throws {
        let bin = try makeBin(["gdb-multiarch", "my-gdb"])
        defer { try? FileManager.default.removeItem(at: bin) }
        let explicit = bin.appendingPathComponent("my-gdb").path
        #expect(try GdbLocator.locate(explicit: explicit, environment: ["PATH": bin.path]) == explicit)
        #expect(try GdbLocator.locate(explicit: "my-gdb", environment: ["PATH": bin.path]) == explicit)
        #expect(throws: GdbSessionError.self) { try GdbLocator.locate(explicit: "/nonexistent/gdb", environment: ["PATH": bin.path]) }
        #expect(throws: GdbSessionError.self) { try GdbLocator.locate(explicit: bin.path, environment: ["PATH": bin.path]) }
    }

    @Test func notFoundNamesTheDebianPackage() throws {
        let empty = try makeBin(["gdb"])
        defer { try? FileManager.default.removeItem(at: empty) }
        do {
            _ = try GdbLocator.locate(explicit: nil, environment: ["PATH": empty.path])
            Issue.record("found a gdb")
        } catch GdbSessionError.gdbNotFound(let message) {
            #expect(message.contains("gdb-multiarch"))
            #expect(message.contains("apt-get install"))
        }
    }
}
