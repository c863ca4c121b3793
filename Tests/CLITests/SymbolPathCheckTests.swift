import Foundation
import Testing
import TestSupport

/// `--symbols` and `--gdb` are checked before anything runs: a path that does not exist or
/// cannot be read, and a gdb that is missing, a directory or not executable, are usage errors
/// (exit status 64) with a message naming the option and the path — not a warning followed by a
/// run in which every frame comes out unresolved. In the shell, `load` of such a path fails
/// that command only.
@Suite(.serialized) struct SymbolPathCheckTests {
    static let log = Fixtures.path("print_trace.log")

    @Test("a missing --symbols path is an error up front",
          arguments: [["symbolize"], ["locate", "libMD_LINUX.so+0x5ac"], ["oom"], ["blame"]])
    func missingSymbols(command: [String]) throws {
        let input = command.count > 1 ? [] : [Self.log]
        for arguments in [command + ["--symbols", "/nonexistent/symbols"] + input,
                          ["--symbols", "/nonexistent/symbols"] + command + input] {
            let run = try SlabhoundBinary.run(arguments)
            #expect(run.status == 64, "\(arguments): exit \(run.status); \(run.stderr)")
            #expect(run.stderr.contains("--symbols /nonexistent/symbols: no such file or directory"), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "nothing runs: \(run.stdout.prefix(200))")
        }
    }

    @Test func danglingSymlinkIsMissing() throws {
        let directory = try HardeningProcess.scratchDirectory("symbols")
        defer { try? FileManager.default.removeItem(at: directory) }
        let link = directory.appendingPathComponent("vmlinux")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: directory.appendingPathComponent("gone").path)
        let run = try SlabhoundBinary.run(["symbolize", "--symbols", link.path, Self.log])
        #expect(run.status == 64, "exit \(run.status); \(run.stderr)")
        #expect(run.stderr.contains("no such file or directory"))
    }

    /// Unreadable only means something to a user other than root: run the binary as nobody.
    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func unreadableSymbols() throws {
        let directory = URL(fileURLWithPath: "/tmp/slabhound-unreadable-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let secret = directory.appendingPathComponent("libsecret.so")
        try Data([0x7F, 0x45, 0x4C, 0x46]).write(to: secret)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: secret.path)
        let trace = directory.appendingPathComponent("trace.log")
        try "/lib/libsecret.so(+0x10) [0x1010]\n".write(to: trace, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: trace.path)
        // setpriv runs the binary as nobody (uid 65534); it must be able to reach the binary.
        let run = try SlabhoundProcess.run(URL(fileURLWithPath: "/usr/bin/setpriv"),
                                           ["--reuid=65534", "--regid=65534", "--clear-groups", SlabhoundBinary.url.path,
                                            "symbolize", "--symbols", secret.path, trace.path],
                                           environment: ProcessInfo.processInfo.environment)
        let stderr = run.stderrText
        if stderr.contains("Permission denied") && !stderr.contains("--symbols") {
            // Reported as cancelled, not passed: nothing about --symbols was checked.
            try Test.cancel("nobody cannot run the binary from this build directory: \(stderr.prefix(200))")
        }
        #expect(run.status == 64, "exit \(run.status); \(stderr)")
        #expect(stderr.contains("--symbols \(secret.path): cannot read it"), "\(stderr)")
    }

    @Test(arguments: [("/nonexistent/gdb", "no such file"), ("/tmp", "is a directory"), ("NOT-EXECUTABLE", "is not executable"),
                      ("no-such-gdb-anywhere", "not found on PATH")])
    func badGdbIsAnErrorUpFront(gdb: String, reason: String) throws {
        var gdb = gdb
        let directory = try HardeningProcess.scratchDirectory("gdb-mode")
        defer { try? FileManager.default.removeItem(at: directory) }
        if gdb == "NOT-EXECUTABLE" {
            let file = directory.appendingPathComponent("gdb")
            try "#!/bin/sh\n".write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
            gdb = file.path
        }
        for arguments in [["symbolize", "--gdb", gdb, "--symbols", Fixtures.path("rootfs"), Self.log],
                          ["--gdb", gdb, "symbolize", Self.log]] {
            let run = try SlabhoundBinary.run(arguments)
            #expect(run.status == 64, "\(arguments): exit \(run.status); \(run.stderr)")
            #expect(run.stderr.contains("--gdb \(gdb): \(reason)"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
    }

    /// The shell: `load` of a missing path fails that command (64), the next one still runs and
    /// the session keeps what it had.
    @Test(.enabled(if: Fixtures.available)) func shellLoadOfMissingPathFailsThatCommandOnly() throws {
        let run = try SlabhoundBinary.run(["-batch", "-ex", "load /nonexistent/lib", "-ex", "load \(Fixtures.path("rootfs"))",
                                           "-ex", "locate libMD_LINUX.so+0x5ac"])
        #expect(run.status == 64, "exit \(run.status); \(run.stderr)")
        #expect(run.stderr.contains("cannot load /nonexistent/lib: no such file or directory"), "\(run.stderr)")
        #expect(run.stdout.contains("md.c"), "later commands run: \(run.stdout)")
    }
}
