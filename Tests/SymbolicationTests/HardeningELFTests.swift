import Foundation
import Testing
@testable import Symbolication

/// Hostile ELF headers that used to trap (found by Fuzz/ELFFileFuzz.swift and by reading the
/// reader for every sum of two values taken from the file): each now gives `ELFError` or a
/// parse without the broken part — never an overflow trap in slabhound.
@Suite struct HardeningELFTests {
    /// A minimal little-endian ELF64 image: null section, `.shstrtab`, and the sections given.
    struct Image {
        struct Section {
            var name: String
            var type: UInt32
            var flags: UInt64 = 0
            var address: UInt64 = 0
            var offset: UInt64 = 0
            var size: UInt64 = 0
            var link: UInt32 = 0
            var entrySize: UInt64 = 0
        }

        var fileType: UInt16 = 3
        var sections: [Section] = []
        /// Overrides the `.shstrtab` header's offset.
        var namesOffset: UInt64?
        /// Bytes placed after the string table (for notes and symbols), at `payloadOffset`.
        var payload: [UInt8] = []

        static let namesStart: UInt64 = 64
        var names: [UInt8] {
            var bytes: [UInt8] = [0]
            for name in [".shstrtab"] + sections.map(\.name) { bytes += Array(name.utf8) + [0] }
            return bytes
        }
        var payloadOffset: UInt64 { (Self.namesStart + UInt64(names.count) + 7) & ~7 }

        var bytes: Data {
            let names = self.names
            var out = [UInt8](repeating: 0, count: Int(payloadOffset))
            out += payload
            while out.count % 8 != 0 { out.append(0) }
            let headers = UInt64(out.count)
            func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
                withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { out[offset + i] = b } }
            }
            out.replaceSubrange(Int(Self.namesStart)..<Int(Self.namesStart) + names.count, with: names)
            out.replaceSubrange(0..<4, with: [0x7F, 0x45, 0x4C, 0x46])
            out[4] = 2; out[5] = 1; out[6] = 1
            put(fileType, at: 16); put(UInt16(62), at: 18); put(UInt32(1), at: 20)
            put(headers, at: 40); put(UInt16(64), at: 52); put(UInt16(56), at: 54)
            put(UInt16(64), at: 58); put(UInt16(sections.count + 2), at: 60); put(UInt16(1), at: 62)
            var all = [Section(name: "", type: 0),
                       Section(name: ".shstrtab", type: 3, offset: namesOffset ?? Self.namesStart, size: UInt64(names.count))]
            all += sections
            var nameOffset: UInt32 = 1
            for (index, section) in all.enumerated() {
                var header = [UInt8](repeating: 0, count: 64)
                func field<T: FixedWidthInteger>(_ value: T, _ at: Int) {
                    withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { header[at + i] = b } }
                }
                field(index == 0 ? UInt32(0) : nameOffset, 0)
                if index > 0 { nameOffset += UInt32(section.name.utf8.count + 1) }
                field(section.type, 4); field(section.flags, 8); field(section.address, 16)
                field(section.offset, 24); field(section.size, 32); field(section.link, 40); field(section.entrySize, 56)
                out += header
            }
            return Data(out)
        }
    }

    @Test("a section that wraps the address space is refused (shared object)")
    func wrappingSection() throws {
        var image = Image()
        image.sections = [.init(name: ".bss", type: 8, flags: 2, address: 0xFFFF_FFFF_FFFF_0000, size: 0x10_0000)]
        #expect(throws: ELFError.self) { try ELFFile(bytes: image.bytes) }
    }

    @Test("a relocatable object whose sections add up past 2^64 is refused")
    func hugeRelocatable() throws {
        var image = Image()
        image.fileType = 1
        image.sections = [.init(name: ".bss", type: 8, flags: 2, size: 0xFFFF_FFFF_FFFF_FFF0),
                          .init(name: ".data", type: 8, flags: 2, size: 0xFFFF_FFFF_FFFF_FFF0)]
        #expect(throws: ELFError.self) { try ELFFile(bytes: image.bytes) }
    }

    @Test("sane sections still give a span")
    func saneSpan() throws {
        var image = Image()
        image.sections = [.init(name: ".bss", type: 8, flags: 2, address: 0x1000, size: 0x200)]
        let elf = try ELFFile(bytes: image.bytes)
        #expect(elf.addressSpan == 0x1000...0x11FF)
        #expect(elf.sections.map(\.name) == ["", ".shstrtab", ".bss"])
    }

    @Test("a string table at offset 2^64-1 gives empty names, not a trap")
    func namesOffsetOverflow() throws {
        var image = Image()
        image.namesOffset = .max
        image.sections = [.init(name: ".bss", type: 8, flags: 2, address: 0x1000, size: 0x200)]
        let elf = try ELFFile(bytes: image.bytes)
        #expect(elf.sections.allSatisfy { $0.name.isEmpty })
    }

    @Test("a symbol table whose offset + size overflows is an error")
    func symbolTableOverflow() throws {
        var image = Image()
        image.sections = [.init(name: ".strtab", type: 3, offset: 64, size: 8),
                          .init(name: ".symtab", type: 2, offset: 0xFFFF_FFFF_FFFF_FFF0, size: 0x100, link: 2, entrySize: 24)]
        #expect(throws: ELFError.self) { try ELFFile(bytes: image.bytes) }
    }

    @Test("a build-id note whose name size is 2^32-1 has no build id")
    func noteNameOverflow() throws {
        var image = Image()
        // namesz = 0xffffffff, descsz = 20, type 3, then "GNU\0" and 20 bytes.
        image.payload = [0xFF, 0xFF, 0xFF, 0xFF, 20, 0, 0, 0, 3, 0, 0, 0] + Array("GNU\u{0}".utf8) + [UInt8](repeating: 0xAB, count: 20)
        image.sections = [.init(name: ".note.gnu.build-id", type: 7, flags: 2, address: 0x400, size: 36)]
        image.sections[0].offset = image.payloadOffset   // after the names, which the section adds to
        let elf = try ELFFile(bytes: image.bytes)
        #expect(elf.buildID == nil)
        // Control: the same note with its real name size gives the id.
        image.payload.replaceSubrange(0..<4, with: [4, 0, 0, 0])
        #expect(try ELFFile(bytes: image.bytes).buildID == String(repeating: "ab", count: 20))
    }
}
