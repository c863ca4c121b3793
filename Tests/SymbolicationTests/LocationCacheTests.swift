import Captures
import Foundation
import Testing
@testable import Symbolication

/// The persistent location cache: its file format survives hostile text, stale and corrupt
/// files are misses, and a warm run answers exactly what gdb answered without starting gdb.
@Suite struct LocationCacheTests {
    static let identity = LocationCacheFile.Identity(buildID: "7f7c4f9955d6250d", size: 12345, mtimeNanoseconds: 1_795_727_813_123_456_789)

    static func sample() -> LocationCacheFile {
        var file = LocationCacheFile(identity: identity, gdb: "/usr/bin/gdb-multiarch", mode: "python helper (inline chains)")
        file.entries[.init(offset: 0x5ab)] = .found(AddressLocation(
            innermost: SourceLocation(function: "md_alloc_luma", file: "user/md.c", line: 28),
            inlinedBy: [SourceLocation(function: "md_alloc_planes", file: "user/md.c", line: 38),
                        SourceLocation(function: "md_setup_buffers", file: "user/md.c", line: 48)],
            fullPath: "/work/main/Examples/user/md.c"))
        file.entries[.init(offset: 0x1e2d9)] = .found(AddressLocation(
            innermost: SourceLocation(function: "__libc_start_call_main"), fromMinimalSymbol: true))
        file.entries[.init(section: 2, offset: 0x3b)] = .unknown
        // Text a hostile build could put in names and paths: separators of the format itself.
        file.entries[.init(section: 0, offset: 0)] = .found(AddressLocation(
            innermost: SourceLocation(function: "op\ttab\\n", file: "dir\nwith\r\nbreaks\\", line: nil),
            fullPath: "\t"))
        return file
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("a file reads back as written, separators in names included")
    func roundTrip() throws {
        let file = Self.sample()
        let text = file.serialized()
        #expect(text.hasPrefix("slabhound-locations\t1\n"))
        #expect(text.split(separator: "\n").count == LocationCacheFile.headerLines + file.entries.count, "one line per entry: nothing unescaped")
        #expect(LocationCacheFile.parse(Substring(text)) == file)
    }

    @Test("a cut-off file is rejected or a subset, never wrong")
    func truncation() throws {
        let file = Self.sample()
        let text = file.serialized()
        for length in 0..<text.utf8.count {
            let prefix = String(decoding: text.utf8.prefix(length), as: UTF8.self)
            guard let parsed = LocationCacheFile.parse(Substring(prefix)) else { continue }
            #expect(parsed.identity == file.identity)
            for (key, entry) in parsed.entries { #expect(file.entries[key] == entry) }
        }
    }

    @Test("foreign, damaged and random text is a miss", arguments: [
        "", "\n", "slabhound-locations\t2\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t-1\nmtime\t1\ngdb\tg\nmode\tx\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\nmode\tx\n10\tU\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\nzz\tL\t0\t\tf\t\t\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\n10\tL\t0\t\t\t\t\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\n10\tL\t0\t\tf\ta.c\tnine\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\ns+10\tU\n",
        "slabhound-locations\t1\nbuild-id\t\\q\nsize\t1\nmtime\t1\ngdb\tg\nmode\tx\n",
        "slabhound-locations\t1\nbuild-id\t\nsize\t99999999999999999999999\nmtime\t1\ngdb\tg\nmode\tx\n",
    ])
    func rejects(text: String) {
        #expect(LocationCacheFile.parse(Substring(text)) == nil)
    }

    @Test("invalid UTF-8 inside a name is a miss, not a repaired name")
    func invalidUTF8() throws {
        var bytes = Array(Self.sample().serialized().utf8)
        let name = Array("md_alloc_luma".utf8)
        let at = try #require((0...(bytes.count - name.count)).first { Array(bytes[$0..<($0 + name.count)]) == name })
        #expect(LocationCacheFile.parse(bytes: bytes) == Self.sample())
        bytes[at + 2] = 0xff
        #expect(LocationCacheFile.parse(bytes: bytes) == nil)
    }

    @Test("random bytes never crash the parser")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        let valid = Array(Self.sample().serialized().utf8)
        for round in 0..<500 {
            var bytes = valid
            for _ in 0..<(1 + round % 8) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = LocationCacheFile.parse(Substring(String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test("stale (size, mtime or build id changed) and corrupt files on disk are misses")
    func staleAndCorrupt() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = LocationCache(directory: directory.appendingPathComponent("locations"))
        let library = URL(fileURLWithPath: "/lib/libMD_LINUX.so")
        let file = Self.sample()
        #expect(cache.save(file, for: library))
        #expect(cache.load(for: library, identity: Self.identity, gdb: file.gdb) == file)
        var other = Self.identity
        other.size += 1
        #expect(cache.load(for: library, identity: other, gdb: file.gdb) == nil)
        other = Self.identity
        other.mtimeNanoseconds += 1
        #expect(cache.load(for: library, identity: other, gdb: file.gdb) == nil)
        other = Self.identity
        other.buildID = "00"
        #expect(cache.load(for: library, identity: other, gdb: file.gdb) == nil)
        #expect(cache.load(for: library, identity: Self.identity, gdb: "/opt/vendor/arm-linux-gnueabihf-gdb") == nil,
                "another gdb's answers are not reused")

        let stored = cache.fileURL(for: library, identity: Self.identity)
        #expect(stored.lastPathComponent == "7f7c4f9955d6250d.locations")
        try Data([0xff, 0xfe, 0x00, 0x0a]).write(to: stored)
        #expect(cache.load(for: library, identity: Self.identity, gdb: file.gdb) == nil)
        // Without a (plain hex) build id the file is named after the path.
        var noID = Self.identity
        noID.buildID = nil
        #expect(cache.fileURL(for: library, identity: noID).lastPathComponent.hasPrefix("path-"))
        noID.buildID = "../../etc/passwd"
        #expect(cache.fileURL(for: library, identity: noID).deletingLastPathComponent().path == cache.directory.path)
    }

    @Test("the default directory follows XDG_CACHE_HOME, then HOME")
    func defaultDirectory() {
        #expect(LocationCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])?.path == "/x/slabhound/locations")
        #expect(LocationCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "rel", "HOME": "/h"])?.path == "/h/.cache/slabhound/locations")
        #expect(LocationCache.defaultDirectory(environment: [:]) == nil)
    }

    /// Runs a whole symbolization through the cache; `starts` counts gdb starts.
    static func run(log: String, symbols: String, cacheDirectory: URL) async throws -> (results: [ResolvedFrame], starts: Int, mode: String) {
        let scan = TraceInputScan.scan(text: try ExampleFixtures.text(log))
        let counter = StartCounter()
        let backend = CachingLocationBackend(cache: LocationCache(directory: cacheDirectory), gdb: "gdb") {
            await counter.increment()
            return try await GdbBackend.start(gdb: nil)
        }
        let symbolizer = Symbolizer(index: SymbolFileIndex(paths: [try ExampleFixtures.url(symbols).path]), backend: backend)
        let results = await symbolizer.resolve(scan.frames, maps: scan.maps)
        let mode = await symbolizer.mode
        await symbolizer.shutdown()
        return (results, await counter.count, mode)
    }

    @Test("a warm run answers what gdb answered, without starting gdb", arguments: [
        ("print_trace.log", "rootfs"), ("oom_arm.log", "kernel"),
    ])
    func warmRun(log: String, symbols: String) async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cold = try await Self.run(log: log, symbols: symbols, cacheDirectory: directory)
        #expect(cold.starts == 1)
        #expect(cold.results.contains { $0.isResolved })
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".locations") }
        #expect(!files.isEmpty)

        let warm = try await Self.run(log: log, symbols: symbols, cacheDirectory: directory)
        #expect(warm.starts == 0, "every address was remembered")
        #expect(warm.mode.hasPrefix("cached: "))
        #expect(warm.results.map(\.location) == cold.results.map(\.location))
        #expect(warm.results.map(\.reason) == cold.results.map(\.reason))
        #expect(warm.results.map(\.moduleOffset) == cold.results.map(\.moduleOffset))
    }

    @Test("a rebuilt (touched) library is asked again")
    func touchedLibrary() async throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let rootfs = directory.appendingPathComponent("rootfs/lib")
        try FileManager.default.createDirectory(at: rootfs, withIntermediateDirectories: true)
        for name in ["libMD_LINUX.so", "libmi_sys.so", "libmi_vdf.so"] {
            try FileManager.default.copyItem(at: try ExampleFixtures.url("rootfs/lib/\(name)"), to: rootfs.appendingPathComponent(name))
        }
        let text = "/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n"
        func run() async throws -> (ResolvedFrame?, Int) {
            let counter = StartCounter()
            let backend = CachingLocationBackend(cache: LocationCache(directory: directory.appendingPathComponent("cache")), gdb: "gdb") {
                await counter.increment()
                return try await GdbBackend.start(gdb: nil)
            }
            let symbolizer = Symbolizer(index: SymbolFileIndex(paths: [rootfs.path]), backend: backend)
            let resolved = await symbolizer.resolve(TraceInputScan.scan(text: text).frames)
            await symbolizer.shutdown()
            return (resolved.first, await counter.count)
        }
        let (first, coldStarts) = try await run()
        #expect(coldStarts == 1)
        #expect(first?.location?.innermost.function == "md_alloc_luma")
        #expect(try await run().1 == 0)
        let library = rootfs.appendingPathComponent("libMD_LINUX.so").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: library)
        let (again, starts) = try await run()
        #expect(starts == 1, "the library changed: its cache file is stale")
        #expect(again?.location == first?.location)
    }
}

actor StartCounter {
    private(set) var count = 0
    func increment() { count += 1 }
}
