import Captures
import Foundation
import Testing
@testable import Symbolication

/// What a user relies on beyond "the right line": one gdb and one lookup per distinct address,
/// clear reasons, warnings for a mismatched build, and hostile text that executes nothing.
@Suite struct SymbolizerBehaviourTests {
    static func symbolizer(symbols: String) async throws -> (Symbolizer, RecordingBackend) {
        let recording = RecordingBackend(try await GdbBackend.start(gdb: nil))
        let index = SymbolFileIndex(paths: [try ExampleFixtures.url(symbols).path])
        return (Symbolizer(index: index, backend: recording), recording)
    }

    @Test("identical addresses are resolved once, modules loaded once, in one batch")
    func deduplicates() async throws {
        let text = try ExampleFixtures.text("print_trace.log")
        let scan = TraceInputScan.scan(text: text)
        let (symbolizer, recording) = try await Self.symbolizer(symbols: "rootfs")
        _ = await symbolizer.resolve(scan.frames, maps: scan.maps)
        let asked = await recording.askedAddresses
        #expect(asked.count == Set(asked).count)
        #expect(asked.count < scan.frames.count / 3, "the stress log repeats a few stacks")
        #expect(await recording.resolveCalls == 1)
        let loaded = await recording.loaded
        #expect(loaded.count == Set(loaded).count)
        // A second paste of the same text asks gdb nothing new.
        _ = await symbolizer.resolve(scan.frames, maps: scan.maps)
        #expect(await recording.askedAddresses.count == asked.count)
        await symbolizer.shutdown()
    }

    @Test("a plan made while another resolve waits for gdb places each module once")
    func concurrentPlanAndResolve() async throws {
        // What `symbolize` does on a long input: a warm-up resolve of the first frames waits
        // for gdb while the whole input is planned, then finished.
        let scan = TraceInputScan.scan(text: try ExampleFixtures.text("print_trace.log"))
        let (symbolizer, recording) = try await Self.symbolizer(symbols: "rootfs")
        let early = Array(scan.frames.prefix(40))
        async let warmUp = symbolizer.resolve(early, maps: scan.maps)
        let plan = await symbolizer.plan(scan.frames, maps: scan.maps)
        let warm = await warmUp
        let resolved = await symbolizer.finish(plan)
        let loaded = await recording.loaded
        #expect(loaded.count == Set(loaded).count, "each module placed and loaded once: \(loaded)")
        #expect(Array(resolved.prefix(early.count)) == warm)
        let asked = await recording.askedAddresses
        #expect(asked.count == Set(asked).count, "nothing asked twice")
        await symbolizer.shutdown()

        let (fresh, _) = try await Self.symbolizer(symbols: "rootfs")
        let oneGo = await fresh.resolve(scan.frames, maps: scan.maps)
        await fresh.shutdown()
        #expect(Array(resolved) == oneGo, "plan + finish is resolve")
    }

    @Test("a size that disagrees with the symbol file is reported")
    func sizeMismatch() async throws {
        let line = "[<c00081f7>] (kmem_cache_alloc) from [<bfb0003d>] (mi_sys_ringpool_AppendTailContentTailRecord+0x3c/0x99 [mi_sys])"
        let scan = TraceInputScan.scan(text: line)
        let (symbolizer, _) = try await Self.symbolizer(symbols: "kernel")
        let resolved = await symbolizer.resolve(scan.frames)
        await symbolizer.shutdown()
        let frame = try #require(resolved.first)
        #expect(frame.isResolved)
        #expect(frame.warnings.contains { $0.contains("size mismatch") && $0.contains("0x99") })
    }

    @Test("unresolved frames say why")
    func reasons() async throws {
        let text = """
        /lib/libnotthere.so(+0x10) [0x3f000010]
        /lib/libMD_LINUX.so [0x3fea75ac]
        [<c00081f7>] (kmem_cache_alloc) from [<bf00003d>] (no_such_function+0x3c/0x86 [mi_sys])
        [<c00081f7>] (kmem_cache_alloc) from [<bf00003d>] (foo+0x3c/0x86 [absent_mod])
         mi_sys_alloc+0x10/0x20 [../../mi_sys]
        """
        let scan = TraceInputScan.scan(text: text)
        #expect(scan.frames.count == 5)
        let index = SymbolFileIndex(paths: [try ExampleFixtures.url("rootfs").path, try ExampleFixtures.url("kernel").path])
        let symbolizer = Symbolizer(index: index, backend: try await GdbBackend.start(gdb: nil))
        let resolved = await symbolizer.resolve(scan.frames)
        await symbolizer.shutdown()
        #expect(resolved[0].reason?.contains("no symbol file libnotthere.so") == true)
        #expect(resolved[1].reason?.contains("no load base") == true)
        #expect(resolved[2].reason?.contains("not a symbol of mi_sys.ko") == true)
        #expect(resolved[3].reason?.contains("no symbol file absent_mod.ko") == true)
        // A path where a module name goes is no module: not looked up as vmlinux, nor as a path.
        #expect(resolved[4].reason?.contains("[../../mi_sys] is not a kernel module name") == true, "\(resolved[4])")
    }

    @Test("hostile module names and symbols never become gdb commands")
    func hostileText() async throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-pwned-\(getpid())")
        try? FileManager.default.removeItem(at: marker)
        let text = """
        /lib/x";shell touch \(marker.path);".so(+0x10) [0x10]
        /lib/$(touch \(marker.path)).so(+0x10) [0x10]
        /lib/libmi_sys.so(print_trace\\n-interpreter-exec console "shell touch \(marker.path)"+0x1) [0x10]
        [<c00081f7>] (x) from [<bf00003d>] (`touch \(marker.path)`+0x3c/0x86 [mi_sys])
        /lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]
        """
        let scan = TraceInputScan.scan(text: text)
        let (symbolizer, _) = try await Self.symbolizer(symbols: "rootfs")
        let resolved = await symbolizer.resolve(scan.frames)
        await symbolizer.shutdown()
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        // The honest frame after the hostile ones still resolves: the session is intact.
        #expect(resolved.last?.location?.innermost.function == "print_trace")
    }

    @Test("return addresses are looked up at the call; PCs are not adjusted")
    func lookupAdjustment() {
        #expect(Symbolizer.lookupAddress(for: 0xc000fcc7, isProgramCounter: false, arm: true) == 0xc000fcc5)
        #expect(Symbolizer.lookupAddress(for: 0xb6e285b0, isProgramCounter: false, arm: true) == 0xb6e285af)
        #expect(Symbolizer.lookupAddress(for: 0xc000fcc7, isProgramCounter: true, arm: true) == 0xc000fcc6)
        #expect(Symbolizer.lookupAddress(for: 0x401234, isProgramCounter: false, arm: false) == 0x401233)
    }
}
