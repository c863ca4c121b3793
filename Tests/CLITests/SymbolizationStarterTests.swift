import Foundation
import Shell
@testable import SlabhoundCLI
import Symbolication
import Testing

/// In the shell one symbolizer serves the session. A command asking for the same one (every
/// paste does) gets it back without a gdb search or a read of every symbol file's ELF header
/// (a rootfs has thousands); other symbol roots or another --gdb make a new one.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb-multiarch"),
                "needs gdb-multiarch on PATH (`make test` installs it)"))
struct SymbolizationStarterTests {
    @Test func aReusedSessionSymbolizerReadsNoELFHeaders() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("starter-\(UUID().uuidString)")
        let (a, b) = (directory.appendingPathComponent("a"), directory.appendingPathComponent("b"))
        defer { try? FileManager.default.removeItem(at: directory) }
        // An ARM ELF32 header: all the machine scan reads. The location cache is on (the
        // default), so no gdb starts: the symbolizers are made, not used.
        var header = [UInt8](repeating: 0, count: 52)
        header.replaceSubrange(0..<6, with: [0x7F, 0x45, 0x4C, 0x46, 1, 1])
        header[16] = 3
        header[18] = 40
        for (root, name) in [(a, "libx.so"), (b, "liby.so")] {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try Data(header).write(to: root.appendingPathComponent(name))
        }

        let state = ShellState()
        state.update(KeepsSymbolizerKey.self) { $0 = true }
        var scanned: [[String]] = []
        func start(_ arguments: [String]) async throws -> Symbolizer {
            try await SymbolizationStarter.start(try SymbolOptions.parse(arguments), diagnostics: Diagnostics(quiet: true)) {
                scanned.append($0.map(\.lastPathComponent))
                return ELFMachines.of($0)
            }
        }
        try await ShellState.$current.withValue(state) {
            let first = try await start(["--symbols", a.path])
            #expect(scanned == [["libx.so"]])
            let again = try await start(["--symbols", a.path])
            #expect(again === first)
            #expect(scanned == [["libx.so"]], "the reused symbolizer read the headers again")

            let other = try await start(["--symbols", b.path])
            #expect(other !== first)
            #expect(scanned == [["libx.so"], ["liby.so"]])

            let explicit = ["--symbols", b.path, "--gdb", "/usr/bin/gdb-multiarch"]
            let chosen = try await start(explicit)
            #expect(chosen !== other, "--gdb is part of what the symbolizer was made for")
            #expect(try await start(explicit) === chosen)
            #expect(scanned.count == 2, "with --gdb no header is read")
            await SymbolizationStarter.endSession(state)
        }
    }
}
