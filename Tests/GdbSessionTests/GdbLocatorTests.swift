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

    /// An ARM cross gdb cannot read x86-64 or arm64 files: the symbol files' machines choose.
    @Test func choosesByTheSymbolFilesArchitecture() throws {
        let all = try makeBin(["arm-linux-gnueabihf-gdb", "aarch64-linux-gnu-gdb", "gdb-multiarch"])
        let armAndMultiarch = try makeBin(["arm-linux-gnueabihf-gdb", "gdb-multiarch"])
        let armOnly = try makeBin(["arm-linux-gnueabihf-gdb"])
        defer { for bin in [all, armAndMultiarch, armOnly] { try? FileManager.default.removeItem(at: bin) } }
        func located(_ machines: Set<UInt16>, _ bin: URL) throws -> String {
            URL(fileURLWithPath: try GdbLocator.locate(explicit: nil, machines: machines, environment: ["PATH": bin.path])).lastPathComponent
        }
        let M = GdbLocator.Machine.self
        #expect(try located([M.arm], all) == "arm-linux-gnueabihf-gdb")
        #expect(try located([], all) == "arm-linux-gnueabihf-gdb")
        #expect(try located([M.x86_64], all) == "gdb-multiarch")
        #expect(try located([M.aarch64], all) == "aarch64-linux-gnu-gdb")
        #expect(try located([M.aarch64], armAndMultiarch) == "gdb-multiarch")
        #expect(try located([M.arm, M.x86_64], all) == "gdb-multiarch")
        #expect(try located([M.arm, M.aarch64], all) == "gdb-multiarch")
        do {
            _ = try located([M.x86_64], armOnly)
            Issue.record("an ARM gdb was taken for x86-64 files")
        } catch GdbSessionError.gdbNotFound(let message) {
            #expect(message.contains("x86-64") && message.contains("gdb-multiarch"), "\(message)")
        }
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
