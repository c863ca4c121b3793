import Captures
import Foundation
import Testing
@testable import Symbolication

/// With the location cache on, a module without a cache file is queued for gdb: `load` returns
/// at once (the symbolizer goes on parsing and planning while gdb starts), `resolve` waits for
/// the queue, and a load gdb refuses still reaches the frames as their reason.
@Suite("queued gdb loads behind the location cache")
struct QueuedGdbLoadTests {
    /// A gate the fake gdb's start waits on.
    actor Gate {
        private var waiters: [CheckedContinuation<Void, Never>] = []
        private(set) var isOpen = false
        private(set) var startsBegun = 0
        func wait() async {
            startsBegun += 1
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func open() {
            isOpen = true
            waiters.forEach { $0.resume() }
            waiters = []
        }
    }

    /// A scripted gdb for fault paths: refuses to load files named in `refuse`, answers the
    /// addresses of the modules it loaded with a fixed location (as gdb knows nothing elsewhere).
    actor ScriptedBackend: LocationBackend {
        let refuse: Set<String>
        private var ranges: [ClosedRange<UInt64>] = []
        init(refuse: Set<String>) { self.refuse = refuse }
        var modeDescription: String { "scripted" }
        func load(_ module: LoadedModule) async throws {
            if refuse.contains(module.url.lastPathComponent) {
                throw SymbolizerError("gdb refused \(module.url.lastPathComponent): not in executable format")
            }
            if let range = module.gdbRange { ranges.append(range) }
        }
        func resolve(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
            let known = addresses.filter { address in ranges.contains { $0.contains(address) } }
            return Dictionary(uniqueKeysWithValues: known.map { ($0, AddressLocation(innermost: SourceLocation(function: "f", file: "f.c", line: 1))) })
        }
        func shutdown() async {}
    }

    static func module(_ name: String) throws -> LoadedModule {
        let url = try ExampleFixtures.url("rootfs/lib/\(name)")
        return LoadedModule(key: .user("/lib/\(name)"), url: url, elf: try ELFFile(contentsOf: url), slide: 0x2000_0000, sectionAddresses: [:])
    }

    @Test("load returns while gdb is still starting; resolve waits for it")
    func loadDoesNotWaitForGdb() async throws {
        let directory = try LocationCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gate = Gate()
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: "gdb") {
            await gate.wait()
            return ScriptedBackend(refuse: [])
        }
        let module = try Self.module("libMD_LINUX.so")
        // Had `load` waited for gdb, it would wait for the gate, which opens only after it.
        let returned = await withTaskGroup(of: Bool.self) { group in
            group.addTask { try? await backend.load(module); return true }
            group.addTask { try? await Task.sleep(for: .seconds(20)); return false }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
        #expect(returned, "load returned before gdb started")
        #expect(await gate.isOpen == false)
        let asking = Task { try await backend.resolve([0x2000_05ab]) }
        try await Task.sleep(for: .milliseconds(50))
        await gate.open()
        let found = try await asking.value
        #expect(found[0x2000_05ab]?.innermost.function == "f")
        #expect(await gate.startsBegun == 1, "one gdb for the queued load and the lookup")
        await backend.shutdown()
    }

    /// With several modules queued, Ctrl-C reaches the start through the loads queued before.
    @Test("Ctrl-C while gdb starts ends the wait at once; the next lookup starts it again and loads the module",
          arguments: [["libMD_LINUX.so"], ["libMD_LINUX.so", "libmi_vdf.so"]])
    func cancelledStartIsRetried(queued: [String]) async throws {
        let directory = try LocationCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let attempts = StartCounter()
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: "gdb") {
            await attempts.increment()
            if await attempts.count == 1 {
                // The first start hangs until cancelled, as a slow gdb would.
                try await Task.sleep(for: .seconds(60))
            }
            return ScriptedBackend(refuse: [])
        }
        for name in queued { try await backend.load(try Self.module(name)) }
        let first = Task { try await backend.resolve([0x2000_05ab]) }
        try await Task.sleep(for: .milliseconds(100))
        let cancelled = ContinuousClock.now
        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(ContinuousClock.now - cancelled < .seconds(10), "Ctrl-C waited for the hung gdb start")
        let found = try await backend.resolve([0x2000_05ab])
        #expect(found[0x2000_05ab]?.innermost.function == "f", "the module was queued again after the cancelled start")
        #expect(await attempts.count == 2)
        await backend.shutdown()
    }

    @Test("a library gdb refuses: its frames say so, the others resolve")
    func refusedLoadIsTheReason() async throws {
        let directory = try LocationCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let backend = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: "gdb") {
            ScriptedBackend(refuse: ["libmi_vdf.so"])
        }
        let symbolizer = Symbolizer(index: SymbolFileIndex(paths: [try ExampleFixtures.url("rootfs").path]), backend: backend)
        let text = "/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n/lib/libmi_vdf.so(+0x5ac) [0x3fe975ac]\n"
        let resolved = await symbolizer.resolve(TraceInputScan.scan(text: text).frames)
        await symbolizer.shutdown()
        #expect(resolved.count == 2)
        #expect(resolved[0].location?.innermost.function == "f")
        #expect(resolved[1].location == nil)
        #expect(resolved[1].reason?.hasPrefix("cannot load ") == true, "\(resolved[1].reason ?? "nil")")
        #expect(resolved[1].reason?.contains("gdb refused libmi_vdf.so") == true, "\(resolved[1].reason ?? "nil")")
        // Nothing is remembered for the refused library: the next run asks gdb again.
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files.count == 1, "\(files)")
    }

    @Test("gdb cannot start: a library the cache knows still resolves beside one that needed gdb")
    func failedStartKeepsCachedAnswers() async throws {
        let directory = try LocationCacheTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let index = SymbolFileIndex(paths: [try ExampleFixtures.url("rootfs").path])
        let cached = "/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n"
        // A first run remembers libMD_LINUX.so only.
        let warm = Symbolizer(index: index, backend: CachingLocationBackend(cache: LocationCache(directory: directory), gdb: "gdb") {
            ScriptedBackend(refuse: [])
        })
        let first = await warm.resolve(TraceInputScan.scan(text: cached).frames)
        await warm.shutdown()
        try #require(first.first?.location?.innermost.function == "f")

        let broken = CachingLocationBackend(cache: LocationCache(directory: directory), gdb: "gdb") {
            throw SymbolizerError("gdb did not start: exec failed")
        }
        let symbolizer = Symbolizer(index: index, backend: broken)
        let text = cached + "/lib/libmi_vdf.so(+0x5ac) [0x3fe975ac]\n"
        let resolved = await symbolizer.resolve(TraceInputScan.scan(text: text).frames)
        #expect(await broken.takeStartFailure() != nil, "the command still fails for what needed gdb")
        // The shell's next paste: another address of the library gdb was needed for.
        _ = await symbolizer.resolve(TraceInputScan.scan(text: "/lib/libmi_vdf.so(+0x5b0) [0x3fe975b0]\n").frames)
        await symbolizer.shutdown()
        #expect(resolved.count == 2)
        #expect(resolved[0].location?.innermost.function == "f", "the cache's answer: \(resolved[0].reason ?? "nil")")
        #expect(resolved[1].location == nil)
        #expect(resolved[1].reason?.contains("gdb did not start") == true, "\(resolved[1].reason ?? "nil")")
        #expect(await broken.takeStartFailure() != nil, "the next paste fails too: it needed gdb")
    }
}
