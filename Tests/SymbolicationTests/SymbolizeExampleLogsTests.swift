import Captures
import Foundation
import Testing
@testable import Symbolication

/// Every frame of the real example logs (print_trace under qemu-arm in both libc shapes, with
/// and without /proc/PID/maps, a PIE and a non-PIE program; ARM 4.x and 6.x OOM reports over a
/// vmlinux and two relocatable .ko files) resolves to the function, call line and inline chain
/// that the source markers say — through the real gdb-multiarch.
@Suite("symbolize the example logs with the real gdb")
struct SymbolizeExampleLogsTests {
    static let userLogs = ["print_trace.log", "print_trace_nomaps.log", "print_trace_oldlibc.log",
                           "print_trace_pie.log"]
    static let kernelLogs = [("oom_arm.log", "kernel"), ("oom_arm6.log", "kernel"),
                             ("oom_x86_64.log", "kernel-x86_64"), ("oom_arm64.log", "kernel-arm64")]

    static func resolve(log: String, symbols: String, helper: Bool = true) async throws -> [ResolvedFrame] {
        let scan = TraceInputScan.scan(text: try ExampleFixtures.text(log))
        let index = SymbolFileIndex(paths: [try ExampleFixtures.url(symbols).path])
        let backend: GdbBackend
        if helper {
            backend = try await GdbBackend.start(gdb: nil)
        } else {
            let session = try await GdbSessionFactory.session()
            backend = await GdbBackend(session: session, helperScript: nil)
        }
        let symbolizer = Symbolizer(index: index, backend: backend)
        let resolved = await symbolizer.resolve(scan.frames, maps: scan.maps)
        await symbolizer.shutdown()
        return resolved
    }

    /// gdb names C++ functions with their parameters (`main(int, char**)`); the manifest takes
    /// names from c++filt of the ELF symbol, which has none for `main`.
    static func sameFunction(_ got: String, _ want: String) -> Bool {
        got == want || got.hasPrefix(want + "(")
    }

    static func basename(_ path: String?) -> String {
        (path ?? "").split(separator: "/").last.map(String.init) ?? ""
    }

    static func check(_ resolved: [ResolvedFrame], against expected: [Int: ExpectedFrame], log: String) {
        #expect(resolved.count == expected.count, "\(log): every frame of the manifest is found in the text")
        for frame in resolved {
            guard let want = expected[frame.frame.inputLine] else {
                Issue.record("\(log):\(frame.frame.inputLine): a frame the manifest does not list: \(frame.frame.printed)")
                continue
            }
            guard want.hasMarkers else { continue }  // libc: no sources here
            guard let location = frame.location else {
                Issue.record("\(log):\(frame.frame.inputLine) unresolved: \(frame.reason ?? "?")")
                continue
            }
            let got = location.innermost
            #expect(sameFunction(got.function, want.function), "\(log):\(frame.frame.inputLine)")
            #expect(basename(got.file) == want.file && got.line == want.line,
                    "\(log):\(frame.frame.inputLine): \(got.text) should be \(want.file):\(want.line)")
            let chain = location.inlinedBy.map { "\($0.function)@\(basename($0.file)):\($0.line ?? 0)" }
            #expect(chain == want.inlinedBy, "\(log):\(frame.frame.inputLine) inline chain")
        }
    }

    @Test("user-space print_trace logs", arguments: userLogs)
    func userLog(_ log: String) async throws {
        let resolved = try await Self.resolve(log: log, symbols: "rootfs")
        Self.check(resolved, against: try ExampleFixtures.expected(for: log), log: log)
    }

    @Test("old libc blocks without maps: bases come from named frames of other blocks")
    func oldLibcWithoutMaps() async throws {
        let log = "print_trace_oldlibc_nomaps.log"
        let resolved = try await Self.resolve(log: log, symbols: "rootfs")
        Self.check(resolved, against: try ExampleFixtures.expected(for: log), log: log)
        // libc shows no named frame in these 10-frame blocks: its frames must say why.
        let libc = resolved.filter { $0.frame.module == "/lib/libc.so.6" }
        #expect(!libc.isEmpty)
        #expect(libc.allSatisfy { $0.reason?.contains("no load base") == true })
    }

    @Test("kernel OOM reports over vmlinux and relocatable .ko files (ARM 4.x and 6.x, x86-64, arm64)", arguments: kernelLogs)
    func kernelLog(_ log: String, _ symbols: String) async throws {
        let resolved = try await Self.resolve(log: log, symbols: symbols)
        Self.check(resolved, against: try ExampleFixtures.expected(for: log), log: log)
        #expect(resolved.allSatisfy { $0.warnings.isEmpty }, "sizes in the trace match the symbol files")
    }

    @Test("gdb without the Python helper: innermost line and enclosing function")
    func pureMIFallback() async throws {
        let log = "print_trace.log"
        let resolved = try await Self.resolve(log: log, symbols: "rootfs", helper: false)
        let expected = try ExampleFixtures.expected(for: log)
        var checked = 0
        for frame in resolved {
            guard let want = expected[frame.frame.inputLine], want.hasMarkers else { continue }
            let location = try #require(frame.location, "\(log):\(frame.frame.inputLine)")
            #expect(location.inlinedBy.isEmpty, "no inline chain without Python")
            #expect(Self.basename(location.innermost.file) == want.file && location.innermost.line == want.line)
            // The enclosing function is the outermost level of the real chain.
            let outermost = want.inlinedBy.last.map { String($0.split(separator: "@")[0]) } ?? want.function
            #expect(Self.sameFunction(location.innermost.function, outermost), "\(log):\(frame.frame.inputLine)")
            checked += 1
        }
        #expect(checked > 100)
    }
}
