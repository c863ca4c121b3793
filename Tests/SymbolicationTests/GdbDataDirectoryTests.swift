import Foundation
import GdbMI
import GdbSession
import Testing
@testable import Symbolication

/// slabhound starts gdb with GdbScripts/data-directory, whose `gdb` Python package is the C
/// module only (gdb's own imports ~40 modules at every start). What must still hold: gdb takes
/// the directory, and Python output stays inside MI stream records instead of raw bytes in the
/// MI pipe. That the helper still resolves inline chains with it is SymbolizeExampleLogsTests'
/// job: `GdbBackend.start`, which it uses, passes the directory.
@Suite("gdb runs with slabhound's data directory")
struct GdbDataDirectoryTests {
    static func session() async throws -> (GdbSession, String) {
        let configuration = try GdbBackend.configuration(gdb: nil, timeout: .seconds(30))
        let directory = try #require(configuration.dataDirectory, "GdbScripts/data-directory is found")
        #expect(directory == GdbScriptsLocator.dataDirectory()?.path)
        #expect(configuration.arguments().contains("--data-directory=\(directory)"))
        return (try await GdbSession(configuration: configuration), directory)
    }

    @Test("gdb reports the directory and its Python is slabhound's minimal package")
    func gdbUsesTheDirectory() async throws {
        let (session, directory) = try await Self.session()
        defer { Task { await session.shutdown() } }
        let shown = try await session.execute(.console(ConsoleCommand("show data-directory")))
        #expect(shown.consoleText.contains(directory), "\(shown.consoleText)")
        // gdb's own package defines `gdb.printing` helpers and auto-loads commands; ours has
        // only the C module: `gdb.find_pc_line` (a wrapper of gdb's package) is absent.
        let probe = try await session.execute(.console(ConsoleCommand("python print(hasattr(gdb, 'find_pc_line'), hasattr(gdb, 'MICommand'))")))
        #expect(probe.resultClass == .done)
        #expect(probe.consoleText == "False True\n", "print reaches the console record: \(probe.consoleText)")
    }

    @Test("a Python error is an MI error record and the session goes on")
    func pythonErrorsStayInMI() async throws {
        let (session, _) = try await Self.session()
        defer { Task { await session.shutdown() } }
        let failed = try await session.execute(.console(ConsoleCommand("python import sys; sys.stderr.write('oops\\n'); raise ValueError('boom')")))
        #expect(failed.resultClass == .error)
        #expect(String(decoding: failed.log, as: UTF8.self).contains("oops"), "stderr text arrives as a log record")
        let next = try await session.execute(.console(ConsoleCommand("python print(6 * 7)")))
        #expect(next.consoleText == "42\n")
    }
}
