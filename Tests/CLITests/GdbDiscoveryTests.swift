import Foundation
import Testing

/// Without `--gdb`, the gdb is chosen by the architectures of the symbol files: a fake
/// `arm-linux-gnueabihf-gdb` first on PATH (it leaves a mark and fails) is used for the ARM
/// rootfs, but not for x86-64 or arm64 kernels, which gdb-multiarch resolves.
@Suite(.serialized, .enabled(if: Fixtures.available, "fixtures: run `make fixtures` (or set SLABHOUND_FIXTURES)"))
struct GdbDiscoveryTests {
    struct FakeArmGdb {
        let directory: URL
        var marker: URL { directory.appendingPathComponent("arm-gdb-ran") }
        var wasRun: Bool { FileManager.default.fileExists(atPath: marker.path) }

        init() throws {
            directory = try HardeningProcess.scratchDirectory("fake-arm-gdb")
            let script = directory.appendingPathComponent("arm-linux-gnueabihf-gdb")
            try "#!/bin/sh\ntouch '\(marker.path)'\nexit 1\n".write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        func symbolize(symbols: String, log: String) throws -> SlabhoundBinary.Run {
            let path = directory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            return try SlabhoundBinary.run(["symbolize", "--no-cache", "--symbols", Fixtures.path(symbols), Fixtures.path(log)],
                                           environment: ["PATH": path])
        }
    }

    @Test(arguments: [("kernel-x86_64", "oom_x86_64.log"), ("kernel-arm64", "oom_arm64.log")])
    func foreignKernelsSkipTheArmGdb(symbols: String, log: String) throws {
        let fake = try FakeArmGdb()
        defer { try? FileManager.default.removeItem(at: fake.directory) }
        let run = try fake.symbolize(symbols: symbols, log: log)
        #expect(!fake.wasRun, "the ARM gdb was started for \(symbols)")
        #expect(run.status == 0, "exit \(run.status); \(run.stderr)")
        #expect(run.stdout.contains("-> "), "nothing resolved: \(run.stderr)")
        #expect(!run.stderr.contains("resolved 0 of"), "\(run.stderr)")
    }

    @Test func armSymbolsStillPreferTheArmGdb() throws {
        let fake = try FakeArmGdb()
        defer { try? FileManager.default.removeItem(at: fake.directory) }
        _ = try fake.symbolize(symbols: "rootfs", log: "print_trace.log")
        #expect(fake.wasRun)
    }
}
