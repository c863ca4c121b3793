import Foundation
import Testing
@testable import Symbolication

/// The symbol table is read straight from the buffer (not through bounds-checked reads per
/// byte): both byte orders, names clipped at their string table, entries filtered as before.
/// The real fixtures are little-endian ARM; big-endian ARM (armeb) boards exist, so a small
/// ELF32 image is built here in both orders.
@Suite struct ELFByteOrderTests {
    struct Sym { var name: UInt32; var value: UInt32; var size: UInt32; var info: UInt8; var shndx: UInt16 }

    /// An ELF32 shared object: sections null, .symtab, .strtab, .shstrtab, and no segments.
    static func image(bigEndian: Bool, symbols: [Sym], strings: [UInt8], strtabSizeOverride: UInt32? = nil,
                      symtabSizeOverride: UInt32? = nil) -> Data {
        var bytes: [UInt8] = []
        func put16(_ v: UInt16) { bytes += bigEndian ? [UInt8(v >> 8), UInt8(v & 0xff)] : [UInt8(v & 0xff), UInt8(v >> 8)] }
        func put32(_ v: UInt32) {
            let le = [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)]
            bytes += bigEndian ? le.reversed() : le
        }
        let shstr: [UInt8] = Array("\0.symtab\0.strtab\0.shstrtab\0".utf8)
        let symtabOffset = 52
        let symtabSize = 16 * (symbols.count + 1)
        let strtabOffset = symtabOffset + symtabSize
        let shstrOffset = strtabOffset + strings.count
        let shOffset = shstrOffset + shstr.count
        // Header.
        bytes += [0x7f, 0x45, 0x4c, 0x46, 1, bigEndian ? 2 : 1, 1, 0] + Array(repeating: 0, count: 8)
        put16(3); put16(40); put32(1); put32(0); put32(0); put32(UInt32(shOffset)); put32(0)
        put16(52); put16(0); put16(0); put16(40); put16(4); put16(3)
        // .symtab: the null symbol, then the given ones.
        bytes += Array(repeating: 0, count: 16)
        for s in symbols {
            put32(s.name); put32(s.value); put32(s.size); bytes += [s.info, 0]; put16(s.shndx)
        }
        bytes += strings + shstr
        func section(_ name: UInt32, _ type: UInt32, _ offset: Int, _ size: UInt32, link: UInt32 = 0, entsize: UInt32 = 0) {
            put32(name); put32(type); put32(0); put32(0); put32(UInt32(offset)); put32(size)
            put32(link); put32(0); put32(1); put32(entsize)
        }
        section(0, 0, 0, 0)
        section(1, 2, symtabOffset, symtabSizeOverride ?? UInt32(symtabSize), link: 2, entsize: 16)
        section(9, 3, strtabOffset, strtabSizeOverride ?? UInt32(strings.count))
        section(17, 3, shstrOffset, UInt32(shstr.count))
        return Data(bytes)
    }

    static let strings = Array("\0alpha\0beta_object\0$t\0section_sym\0".utf8)
    static let symbols = [
        Sym(name: 1, value: 0x1001, size: 0x20, info: 0x12, shndx: 1),        // FUNC alpha (Thumb bit kept)
        Sym(name: 7, value: 0x2000_0000, size: 8, info: 0x11, shndx: 1),      // OBJECT beta_object
        Sym(name: 19, value: 0x1000, size: 0, info: 0x00, shndx: 1),          // $t mapping symbol: noise
        Sym(name: 22, value: 0x3000, size: 4, info: 0x03, shndx: 1),          // SECTION: noise
        Sym(name: 0x7fff_0000, value: 0x4000, size: 4, info: 0x12, shndx: 1), // name past the table: dropped
    ]

    @Test("both byte orders give the same symbols", arguments: [false, true])
    func byteOrders(bigEndian: Bool) throws {
        let elf = try ELFFile(bytes: Self.image(bigEndian: bigEndian, symbols: Self.symbols, strings: Self.strings))
        #expect(elf.isLittleEndian == !bigEndian)
        #expect(elf.machine == 40)
        #expect(elf.symbols.map(\.name) == ["alpha", "beta_object"])
        #expect(elf.symbols.map(\.value) == [0x1001, 0x2000_0000])
        #expect(elf.symbols.map(\.size) == [0x20, 8])
        #expect(elf.symbols.map(\.isFunction) == [true, false])
        #expect(elf.symbols.allSatisfy { $0.sectionIndex == 1 })
    }

    @Test("a string table claiming more bytes than the file has is clipped, not read past")
    func stringTableClipped() throws {
        // With the table's size a lie, the symbol whose name offset is 0x7fff0000 would be read
        // 2 GiB past the buffer if the table were not clipped to the file.
        let elf = try ELFFile(bytes: Self.image(bigEndian: false, symbols: Self.symbols, strings: Self.strings,
                                                strtabSizeOverride: 0xffff_fff0))
        #expect(elf.symbols.map(\.name) == ["alpha", "beta_object"])
    }

    @Test("a symbol table past the end of the file is an error, not a read past the buffer")
    func symbolTablePastEnd() {
        // Every header intact; only .symtab's size claims more entries than the file holds.
        let image = Self.image(bigEndian: false, symbols: Self.symbols, strings: Self.strings, symtabSizeOverride: 16 * 4096)
        #expect {
            try ELFFile(bytes: image)
        } throws: { error in
            (error as? ELFError)?.reason == "symbol table beyond end of file"
        }
    }
}
