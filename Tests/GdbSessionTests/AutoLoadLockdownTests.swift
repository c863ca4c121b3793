import Foundation
import Testing
import GdbMI
@testable import GdbSession

/// An inspected file must never run code in gdb: a shared library carrying an inline Python
/// script in `.debug_gdb_scripts`, under a user gdbinit that allows every auto-load.
@Suite struct AutoLoadLockdownTests {
    static let source = """
        int booby_trapped(int x) { return x + 1; }
        __asm__(
        ".pushsection \\".debug_gdb_scripts\\", \\"MS\\",%progbits,1\\n"
        ".byte 4\\n"
        ".ascii \\"gdb.inlined-script\\\\n\\"\\n"
        ".ascii \\"import os\\\\n\\"\\n"
        ".ascii \\"open(os.environ['SLABHOUND_MARKER'], 'w').write('ran')\\\\n\\"\\n"
        ".byte 0\\n"
        ".popsection\\n");

        """

    struct Trap {
        let directory: URL
        let library: URL
        let home: URL
        let marker: URL
        var environment: [String: String] {
            var environment = ProcessInfo.processInfo.environment
            environment["HOME"] = home.path
            environment["XDG_CONFIG_HOME"] = home.appendingPathComponent(".config").path
            environment["SLABHOUND_MARKER"] = marker.path
            return environment
        }
    }

    /// Builds the booby-trapped library and a permissive home (`~/.gdbinit` and
    /// `~/.config/gdb/gdbinit`: safe-path `/`, python-scripts on).
    static func makeTrap() async throws -> Trap {
        let compiler = try GdbLocator.locate(explicit: "arm-linux-gnueabihf-gcc")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mi-autoload-\(UUID().uuidString)")
        let home = directory.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".config/gdb"), withIntermediateDirectories: true)
        let permissive = "set auto-load safe-path /\nset auto-load python-scripts on\nset auto-load gdb-scripts on\n"
        try permissive.write(to: home.appendingPathComponent(".gdbinit"), atomically: true, encoding: .utf8)
        try permissive.write(to: home.appendingPathComponent(".config/gdb/gdbinit"), atomically: true, encoding: .utf8)
        let source = directory.appendingPathComponent("trap.c")
        try Self.source.write(to: source, atomically: true, encoding: .utf8)
        let library = directory.appendingPathComponent("libtrap.so")
        try await SessionTestSupport.run(compiler, ["-g", "-shared", "-fPIC", source.path, "-o", library.path])
        return Trap(directory: directory, library: library, home: home, marker: directory.appendingPathComponent("marker"))
    }

    @Test func inlineScriptRunsInAPlainGdbButNotInTheSession() async throws {
        let trap = try await Self.makeTrap()
        defer { try? FileManager.default.removeItem(at: trap.directory) }
        let gdb = try GdbLocator.locate(explicit: nil)

        // Control: the trap is real. A gdb started the ordinary way runs the script.
        try await SessionTestSupport.run(gdb, ["-q", "-batch", "-ex", "file \(trap.library.path)"], environment: trap.environment)
        try #require(FileManager.default.fileExists(atPath: trap.marker.path), "control: plain gdb did not run the inline script")
        try FileManager.default.removeItem(at: trap.marker)

        // The session, same home and environment, loading the file every way it does.
        var configuration = GdbConfiguration(executable: gdb, commandTimeout: .seconds(20), startupTimeout: .seconds(20))
        configuration.environment = trap.environment
        let session = try await GdbSession(configuration: configuration)
        let exec = try await session.execute(MICommand("-file-exec-and-symbols", .path(trap.library.path)))
        #expect(exec.resultClass == .done)
        let added = try await session.execute(.console(ConsoleCommand("add-symbol-file", .path(trap.library.path), "-o", .address(0x4000_0000))))
        #expect(added.resultClass == .done)
        let symbol = try await session.execute(MICommand("-symbol-info-functions", "--name", .identifier("booby_trapped")))
        #expect(symbol.results["symbols"]?["debug"]?.listValue?.isEmpty == false, "the library was really loaded")
        await session.shutdown()
        #expect(!FileManager.default.fileExists(atPath: trap.marker.path), "the inline script ran inside the session")
    }
}
