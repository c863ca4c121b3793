import Foundation
import GdbSession
import Testing
@testable import Symbolication

/// Large batches reach gdb as a file the helper reads (`-slabhound-resolve-file`) instead of
/// thousands of bytes of MI input, which gdb reads one per system call. The answers must be the
/// ones the MI arguments give, and the files must not outlive the backend.
@Suite("large batches through an address file")
struct GdbAddressFileTests {
    static func leftovers() -> [String] {
        let prefix = "slabhound-gdb-\(getpid())-"
        return ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
            .filter { $0.hasPrefix(prefix) }
    }

    /// Loads the example mixer (DWARF, inline chains) and libc (ELF symbols only); returns
    /// addresses inside 120 of their functions.
    static func loadExamples(into backend: GdbBackend) async throws -> [UInt64] {
        var addresses: [UInt64] = []
        for (path, slide) in [("rootfs/customer/mixer", UInt64(0)), ("rootfs/lib/libc.so.6", 0x2000_0000)] {
            let url = try ExampleFixtures.url(path)
            let elf = try ELFFile(contentsOf: url)
            let module = LoadedModule(key: .user(url.lastPathComponent), url: url, elf: elf, slide: slide, sectionAddresses: [:])
            try await backend.load(module)
            addresses += elf.symbols.filter { $0.isFunction && $0.size > 8 }.prefix(60).map { ($0.value & ~1) + slide + 4 }
        }
        return addresses
    }

    @Test("a temporary directory MI cannot name (a newline in it): the batch goes as arguments")
    func unencodableDirectoryFallsBack() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound test\n\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: base) }
        let session = try await GdbSession(configuration: try GdbBackend.configuration(gdb: nil, timeout: .seconds(30)))
        let backend = await GdbBackend(session: session, helperScript: GdbScriptsLocator.helperScript(), temporaryDirectory: base)
        let addresses = try await Self.loadExamples(into: backend)
        let first = try await backend.resolve(addresses)
        #expect(first.count > addresses.count / 2, "answered over the pipe")
        #expect(await backend.addressFileCount == 1, "one file was tried")
        #expect(try await backend.resolve(addresses) == first)
        #expect(await backend.addressFileCount == 1, "and not again")
        await backend.shutdown()
        #expect(try FileManager.default.contentsOfDirectory(atPath: base.path).isEmpty)
    }

    @Test("a file batch answers what one-by-one MI lookups answer; nothing is left behind")
    func fileBatchEqualsArguments() async throws {
        let backend = try await GdbBackend.start(gdb: nil)
        let addresses = try await Self.loadExamples(into: backend)
        #expect(addresses.count > GdbBackend.fileBatchThreshold * 2)
        let batch = try await backend.resolve(addresses)
        #expect(await backend.addressFileCount == 1, "the batch went through a file")
        #expect(batch.count > addresses.count / 2, "most addresses resolve")
        #expect(batch.values.contains { !$0.inlinedBy.isEmpty } || batch.values.contains { $0.innermost.line != nil })
        var single: [UInt64: AddressLocation] = [:]
        for address in addresses {
            single.merge(try await backend.resolve([address])) { a, _ in a }
        }
        #expect(await backend.addressFileCount == 1, "single lookups go as MI arguments")
        #expect(batch == single)
        await backend.shutdown()
        #expect(Self.leftovers().isEmpty, "address files removed: \(Self.leftovers())")
    }
}
