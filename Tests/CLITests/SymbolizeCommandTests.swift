import Foundation
import Testing

/// `slabhound symbolize` and `locate` as a user runs them: the binary, real gdb, real fixtures.
@Suite(.enabled(if: Fixtures.available, "fixtures: run `make fixtures` (make test does)"))
struct SymbolizeCommandTests {
    @Test("text output: the input comes back unchanged and in order, each frame annotated")
    func textInPlace() throws {
        let log = Fixtures.path("print_trace.log")
        let run = try SlabhoundBinary.run(["symbolize", "--symbols", Fixtures.path("rootfs"), log])
        #expect(run.status == 0, "\(run.stderr)")
        let input = try String(contentsOfFile: log, encoding: .utf8)
        var inputLines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if inputLines.last == "" { inputLines.removeLast() }
        let output = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let annotations = output.filter { $0.hasPrefix("    ") && !inputLines.contains($0) }
        let echoed = output.filter { !annotations.contains($0) && $0 != "" }
        #expect(echoed == inputLines.filter { $0 != "" })
        #expect(output.filter { $0.hasPrefix("    -> ") }.count == 178, "one location line per frame")
        #expect(run.stdout.contains("/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n    -> md_alloc_luma at user/md.c:28\n       inlined into md_alloc_planes at user/md.c:38\n       inlined into md_setup_buffers at user/md.c:48\n")
                || run.stdout.contains("md_alloc_luma at user/md.c:28"))
        #expect(run.stderr.contains("resolved 176 of 178 frames"))
    }

    @Test("bytes come back as read: a 3 MiB line stays one line, invalid UTF-8 is not replaced")
    func bytesAsRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("print_trace.log")))
        let long = Data(repeating: UInt8(ascii: "x"), count: 3 << 20 + 17)
        let junk = Data([0x41, 0xFF, 0xC0, 0xAF, 0x42])
        let input = trace + long + Data("\n".utf8) + junk + Data("\n".utf8) + trace
        let file = directory.appendingPathComponent("long.log")
        try input.write(to: file)
        // stdout as bytes (SlabhoundBinary.run would decode it, replacing the invalid UTF-8).
        let run = try HardeningProcess.run(["symbolize", "--symbols", Fixtures.path("rootfs"), file.path])
        #expect(run.exitedNormally && run.status == 0, "\(run.summary)")
        let lines = run.stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.filter { $0.count == long.count && $0.allSatisfy { $0 == UInt8(ascii: "x") } }.count == 1,
                "the long line is written back whole, once")
        #expect(lines.contains { Data($0) == junk }, "invalid UTF-8 bytes pass through unchanged")
        #expect(lines.filter { $0.starts(with: Array("    -> ".utf8)) }.count == 2 * 178, "both copies of the trace annotated")
    }

    @Test("--json has the documented shape")
    func jsonShape() throws {
        let run = try SlabhoundBinary.run(["symbolize", "--json", "--symbols", Fixtures.path("rootfs"),
                                           Fixtures.path("print_trace.log")])
        #expect(run.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let frames = try #require(document["frames"] as? [[String: Any]])
        #expect(frames.count == 178)
        let required = ["input_line", "kind", "module", "resolved"]
        #expect(frames.allSatisfy { frame in required.allSatisfy { frame[$0] != nil } })
        let luma = try #require(frames.first { ($0["input_line"] as? Int) == 5 })
        #expect(luma["kind"] as? String == "user")
        #expect(luma["module"] as? String == "/lib/libMD_LINUX.so")
        #expect(luma["address"] as? String == "0x3fea75ac")
        #expect(luma["offset"] as? String == "0x5ac")
        #expect(luma["resolved"] as? Bool == true)
        #expect(luma["function"] as? String == "md_alloc_luma")
        #expect(luma["line"] as? Int == 28)
        let chain = try #require(luma["inlined_by"] as? [[String: Any]])
        #expect(chain.map { $0["function"] as? String } == ["md_alloc_planes", "md_setup_buffers"])
        #expect(chain.map { $0["line"] as? Int } == [38, 48])
        let named = try #require(frames.first { ($0["input_line"] as? Int) == 3 })
        #expect(named["symbol"] as? String == "print_trace+0xd")
        let unresolved = frames.filter { ($0["resolved"] as? Bool) == false }
        #expect(unresolved.count == 2 && unresolved.allSatisfy { $0["reason"] is String })
    }

    @Test("stdin and a kernel report with vmlinux and .ko files")
    func stdinKernel() throws {
        let text = try String(contentsOfFile: Fixtures.path("oom_arm.log"), encoding: .utf8)
        let run = try SlabhoundBinary.run(["symbolize", "--symbols", Fixtures.path("kernel"), "-"], stdin: text)
        #expect(run.status == 0)
        #expect(run.stdout.contains("-> mi_sys_ringpool_alloc_record at kernel/mi_sys/mi_sys_ringpool.c:22"))
        #expect(run.stderr.contains("resolved 30 of 30 frames"))
    }

    @Test("locate: module+offset and func+off/size [mod], with source lines")
    func locate() throws {
        let user = try SlabhoundBinary.run(["locate", "--symbols", Fixtures.path("rootfs"), "libMD_LINUX.so+0x5ac"])
        #expect(user.status == 0, "\(user.stderr)")
        #expect(user.stdout.contains("md_alloc_luma at user/md.c:28"))
        #expect(user.stdout.contains("inlined into md_setup_buffers at user/md.c:48"))
        #expect(user.stdout.contains(">   28  "), "the call line is marked in the source excerpt")
        let kernel = try SlabhoundBinary.run(["locate", "--symbols", Fixtures.path("kernel"),
                                              "mi_sys_ringpool_AppendTailContentTailRecord+0x3c/0x86", "[mi_sys]"])
        #expect(kernel.status == 0, "\(kernel.stderr)")
        #expect(kernel.stdout.contains("mi_sys_ringpool_alloc_record at kernel/mi_sys/mi_sys_ringpool.c:22"))
        let bare = try SlabhoundBinary.run(["locate", "--symbols", Fixtures.path("rootfs"), "--module", "libMD_LINUX.so",
                                            "--base", "0x3fea7000", "0x3fea75ac"])
        #expect(bare.stdout.contains("md_alloc_luma at user/md.c:28"))
    }

    @Test("bad input gives a clear error and a non-zero status")
    func errors() throws {
        let missing = try SlabhoundBinary.run(["symbolize", "/nonexistent/log.txt"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("cannot read /nonexistent/log.txt"))
        let nonsense = try SlabhoundBinary.run(["locate", "--symbols", Fixtures.path("rootfs"), "not-a-location"])
        #expect(nonsense.status != 0)
        #expect(nonsense.stderr.contains("expected MODULE+0xOFF"))
        let unresolved = try SlabhoundBinary.run(["locate", "--symbols", Fixtures.path("rootfs"), "libnothere.so+0x10"])
        #expect(unresolved.status == 1)
        #expect(unresolved.stdout.contains("no symbol file libnothere.so"))
    }
}
