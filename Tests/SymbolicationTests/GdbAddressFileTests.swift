import Foundation
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

    @Test("a file batch answers what one-by-one MI lookups answer; nothing is left behind")
    func fileBatchEqualsArguments() async throws {
        let backend = try await GdbBackend.start(gdb: nil)
        // The example mixer (DWARF, inline chains) and libc (ELF symbols only).
        var addresses: [UInt64] = []
        for (path, slide) in [("rootfs/customer/mixer", UInt64(0)), ("rootfs/lib/libc.so.6", 0x2000_0000)] {
            let url = try ExampleFixtures.url(path)
            let elf = try ELFFile(contentsOf: url)
            let module = LoadedModule(key: .user(url.lastPathComponent), url: url, elf: elf, slide: slide, sectionAddresses: [:])
            try await backend.load(module)
            addresses += elf.symbols.filter { $0.isFunction && $0.size > 8 }.prefix(60).map { ($0.value & ~1) + slide + 4 }
        }
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
