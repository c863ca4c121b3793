import Testing
import Foundation
@testable import Investigation
import Captures

/// The board script: valid POSIX sh, and — run for real under busybox sh against this
/// machine's /proc — read back by the segmenter.
@Suite struct CollectorScriptTests {
    static func run(_ shell: [String], script: String) throws -> (Int32, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-collector-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("collect.sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = shell + [file.path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static var hasBusybox: Bool { FileManager.default.isExecutableFile(atPath: "/bin/busybox") || FileManager.default.isExecutableFile(atPath: "/usr/bin/busybox") }

    @Test func scriptIsValidShell() throws {
        let s = CollectorScript(interval: 5, heaps: ["/proc/mi_modules/mi_sys_mma/mma_heap_name0"], slabCalls: ["kmalloc-64"]).text
        #expect(try Self.run(["sh", "-n"], script: s).0 == 0)
        if Self.hasBusybox { #expect(try Self.run(["busybox", "sh", "-n"], script: s).0 == 0) }
        #expect(s.contains("echo 3 > /proc/sys/vm/drop_caches"))
        #expect(!s.contains("[["))  // no bash-isms
        #expect(!s.contains("function "))
    }

    @Test func unsafeNamesAreRefused() {
        #expect(throws: InvestigationError.self) { try CollectorScript(heaps: ["/tmp/a;reboot"]).validate() }
        #expect(throws: InvestigationError.self) { try CollectorScript(heaps: ["relative/path"]).validate() }
        #expect(throws: InvestigationError.self) { try CollectorScript(slabCalls: ["$(reboot)"]).validate() }
        #expect(throws: InvestigationError.self) { try CollectorScript(slabCalls: ["../../x"]).validate() }
        #expect((try? CollectorScript(heaps: ["/proc/mi_modules/mi_sys_mma/mma_heap_name0"], slabCalls: ["kmalloc-rcl-64", ":0000024"]).validate()) != nil)
    }

    @Test(.enabled(if: hasBusybox)) func runsUnderBusyboxAgainstThisMachinesProc() throws {
        // A heap dump in the vendor layout stands in for the board's /proc file.
        let heap = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-heap-\(getpid()).txt")
        let dump = try InvestigationFixture.text(InvestigationFixture.seedPath("mma-heap-start.txt"))
            .components(separatedBy: "################################################################")[1]
        try dump.write(to: heap, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: heap) }
        let script = CollectorScript(interval: 0, count: 3, heaps: [heap.path], slabCalls: ["kmalloc-64"], dropCaches: false)
        try script.validate()
        let (status, output) = try Self.run(["busybox", "sh"], script: script.text)
        #expect(status == 0)
        let capture = Capture.parse(output)
        #expect(capture.samples.count == 3)
        let ownMeminfo = try String(contentsOfFile: "/proc/meminfo", encoding: .utf8)
        for s in capture.samples {
            let m = try #require(s.meminfo)
            #expect(m["MemTotal"].map(String.init) == ownMeminfo.split(separator: "\n").first?.split(separator: " ")[1].description)
            #expect(s.free != nil)
            #expect(s.timestamp?.source == .marker)
            #expect(s.heaps.first?.name == "mma_heap_name0")
            #expect(s.heaps.first?.chunks.count == 6)
            if FileManager.default.isReadableFile(atPath: "/proc/slabinfo") {
                #expect((s.slabinfo?.rows.count ?? 0) > 20)
            }
        }
        // alloc_calls needs slub_debug; without it the script says so and the parse goes on.
        if !FileManager.default.fileExists(atPath: "/sys/kernel/slab/kmalloc-64/alloc_calls") {
            #expect(output.contains("### slabhound missing /sys/kernel/slab/kmalloc-64/alloc_calls"))
        }
        #expect(capture.skippedCounts.isEmpty)
    }
}
