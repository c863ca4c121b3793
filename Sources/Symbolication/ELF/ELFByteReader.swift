import Foundation

/// Bounds-checked field reads over an ELF image. Every offset comes from the file itself, so
/// every read is checked: a truncated or hostile file yields `ELFError`.
struct ELFByteReader {
    let data: Data
    let path: String
    var is64 = false
    var little = true
    var fileTypeRaw: UInt16 = 0
    var machine: UInt16 = 0
    private var sectionHeaderOffset: UInt64 = 0
    private var sectionHeaderSize: UInt16 = 0
    private var sectionCount: UInt16 = 0
    private var sectionNameIndex: UInt16 = 0
    private var programHeaderOffset: UInt64 = 0
    private var programHeaderSize: UInt16 = 0
    private var programCount: UInt16 = 0

    init(data: Data, path: String) {
        self.data = data
        self.path = path
    }

    private func fail(_ reason: String) -> ELFError { ELFError(path: path, reason: reason) }

    func u8(_ offset: UInt64) throws -> UInt8 {
        guard offset < UInt64(data.count) else { throw fail("truncated at \(offset)") }
        return data[data.startIndex + Int(offset)]
    }

    func u16(_ offset: UInt64) throws -> UInt16 {
        let a = UInt16(try u8(offset)), b = UInt16(try u8(offset + 1))
        return little ? a | b << 8 : a << 8 | b
    }

    func u32(_ offset: UInt64) throws -> UInt32 {
        let a = UInt32(try u16(offset)), b = UInt32(try u16(offset + 2))
        return little ? a | b << 16 : a << 16 | b
    }

    func u64(_ offset: UInt64) throws -> UInt64 {
        let a = UInt64(try u32(offset)), b = UInt64(try u32(offset + 4))
        return little ? a | b << 32 : a << 32 | b
    }

    /// A native-width word: 4 bytes in ELF32, 8 in ELF64.
    func word(_ offset: UInt64) throws -> UInt64 {
        is64 ? try u64(offset) : UInt64(try u32(offset))
    }

    mutating func parseHeader() throws {
        guard data.count >= 52, data.prefix(4) == Data([0x7f, 0x45, 0x4c, 0x46]) else {
            throw fail("no ELF header")
        }
        let elfClass = try u8(4), encoding = try u8(5)
        guard elfClass == 1 || elfClass == 2 else { throw fail("bad class \(elfClass)") }
        guard encoding == 1 || encoding == 2 else { throw fail("bad data encoding \(encoding)") }
        is64 = elfClass == 2
        little = encoding == 1
        fileTypeRaw = try u16(16)
        machine = try u16(18)
        if is64 {
            programHeaderOffset = try u64(32)
            sectionHeaderOffset = try u64(40)
            programHeaderSize = try u16(54)
            programCount = try u16(56)
            sectionHeaderSize = try u16(58)
            sectionCount = try u16(60)
            sectionNameIndex = try u16(62)
        } else {
            programHeaderOffset = UInt64(try u32(28))
            sectionHeaderOffset = UInt64(try u32(32))
            programHeaderSize = try u16(42)
            programCount = try u16(44)
            sectionHeaderSize = try u16(46)
            sectionCount = try u16(48)
            sectionNameIndex = try u16(50)
        }
    }

    func readSections() throws -> [ELFFile.Section] {
        guard sectionHeaderOffset != 0, sectionCount > 0 else { return [] }
        guard sectionHeaderSize >= (is64 ? 64 : 40) else { throw fail("bad section header size") }
        var raw: [(nameOffset: UInt32, section: ELFFile.Section)] = []
        for i in 0..<Int(sectionCount) {
            let base = sectionHeaderOffset + UInt64(i) * UInt64(sectionHeaderSize)
            let nameOffset = try u32(base)
            let type = try u32(base + 4)
            let section: ELFFile.Section
            if is64 {
                section = .init(index: i, name: "", type: type, flags: try u64(base + 8),
                                address: try u64(base + 16), fileOffset: try u64(base + 24),
                                size: try u64(base + 32), link: try u32(base + 40),
                                entrySize: try u64(base + 56))
            } else {
                section = .init(index: i, name: "", type: type, flags: UInt64(try u32(base + 8)),
                                address: UInt64(try u32(base + 12)), fileOffset: UInt64(try u32(base + 16)),
                                size: UInt64(try u32(base + 20)), link: try u32(base + 24),
                                entrySize: UInt64(try u32(base + 36)))
            }
            // Every address computed from an allocated section (layout, spans, gdb ranges) must
            // fit in 64 bits: a section that wraps the address space, or larger than any real
            // one (1 TiB), makes the file unusable rather than the arithmetic trap.
            if section.isAllocated,
               section.size > 1 << 40 || section.address.addingReportingOverflow(section.size).overflow {
                throw fail("section \(i) (\(section.size) bytes at 0x\(String(section.address, radix: 16))) does not fit in the address space")
            }
            raw.append((nameOffset, section))
        }
        let names = Int(sectionNameIndex) < raw.count ? raw[Int(sectionNameIndex)].section : nil
        return raw.map { entry in
            var section = entry.section
            if let names { section.name = string(in: names, at: entry.nameOffset) }
            return section
        }
    }

    func readSegments() throws -> [ELFFile.Segment] {
        guard programHeaderOffset != 0, programCount > 0 else { return [] }
        var result: [ELFFile.Segment] = []
        for i in 0..<Int(programCount) {
            let base = programHeaderOffset + UInt64(i) * UInt64(programHeaderSize)
            if is64 {
                result.append(.init(type: try u32(base), fileOffset: try u64(base + 8),
                                    virtualAddress: try u64(base + 16), memorySize: try u64(base + 40)))
            } else {
                result.append(.init(type: try u32(base), fileOffset: UInt64(try u32(base + 4)),
                                    virtualAddress: UInt64(try u32(base + 8)), memorySize: UInt64(try u32(base + 20))))
            }
        }
        return result
    }

    /// NUL-terminated string inside a string table; stops at the table's end.
    func string(at offset: UInt64, limit: UInt64) -> String {
        let end = min(limit, UInt64(data.count))
        guard offset < end else { return "" }
        let start = data.startIndex + Int(offset)
        let stop = data[start..<(data.startIndex + Int(end))].firstIndex(of: 0) ?? (data.startIndex + Int(end))
        return String(decoding: data[start..<stop], as: UTF8.self)
    }

    /// The string at `offset` of a string table whose header came from the file (its offset and
    /// size may be anything: "" when they point outside the file).
    func string(in table: ELFFile.Section, at offset: UInt32) -> String {
        let (start, startOverflow) = table.fileOffset.addingReportingOverflow(UInt64(offset))
        let (end, endOverflow) = table.fileOffset.addingReportingOverflow(table.size)
        guard !startOverflow, !endOverflow else { return "" }
        return string(at: start, limit: end)
    }

    func readSymbols(sections: [ELFFile.Section]) throws -> [ELFFile.Symbol] {
        var result: [ELFFile.Symbol] = []
        // SHT_SYMTAB (2) first: it has the static functions; SHT_DYNSYM (11) for stripped files.
        for table in sections.filter({ $0.type == 2 }) + sections.filter({ $0.type == 11 }) {
            guard Int(table.link) < sections.count else { continue }
            let strings = sections[Int(table.link)]
            let entrySize: UInt64 = is64 ? 24 : 16
            let count = table.size / entrySize
            let (tableEnd, tableOverflow) = table.fileOffset.addingReportingOverflow(table.size)
            guard !tableOverflow, tableEnd <= UInt64(data.count) else { throw fail("symbol table beyond end of file") }
            // The table lies inside the file (checked above), so its entries are read straight
            // from the buffer: a libc has thousands, and a bounds-checked `Data` subscript per
            // byte cost more than the rest of the parse. Only the string table's bounds still
            // come from the file unchecked: `stringTable` clips them.
            let stringRange = stringTable(strings)
            data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
                for i in 0..<Int(count) {
                    let base = Int(table.fileOffset) + i * Int(entrySize)
                    let nameOffset = field32(buffer, base)
                    let value: UInt64, size: UInt64, info: UInt8, shndx: UInt16
                    if is64 {
                        info = buffer[base + 4]; shndx = field16(buffer, base + 6)
                        value = field64(buffer, base + 8); size = field64(buffer, base + 16)
                    } else {
                        value = UInt64(field32(buffer, base + 4)); size = UInt64(field32(buffer, base + 8))
                        info = buffer[base + 12]; shndx = field16(buffer, base + 14)
                    }
                    let type = info & 0xf
                    // Functions and objects only; sections, files and mapping symbols ($t, $a, $d) are noise.
                    guard type == 1 || type == 2, nameOffset != 0 else { continue }
                    let name = string(in: buffer, table: stringRange, at: nameOffset)
                    guard !name.isEmpty, !name.hasPrefix("$") else { continue }
                    result.append(.init(name: name, value: value, size: size, sectionIndex: Int(shndx), type: type))
                }
            }
        }
        return result
    }

    /// A string table's byte range, clipped to the file (empty when it lies outside).
    private func stringTable(_ table: ELFFile.Section) -> Range<Int> {
        let (end, overflow) = table.fileOffset.addingReportingOverflow(table.size)
        let fileSize = UInt64(data.count)
        guard !overflow, table.fileOffset < fileSize else { return 0..<0 }
        return Int(table.fileOffset)..<Int(min(end, fileSize))
    }

    /// The NUL-terminated string at `offset` of a (clipped) string table; "" outside it.
    private func string(in buffer: UnsafeRawBufferPointer, table: Range<Int>, at offset: UInt32) -> String {
        let start = table.lowerBound + Int(offset)
        guard start < table.upperBound, let base = buffer.baseAddress else { return "" }
        let length = table.upperBound - start
        let stop = memchr(base + start, 0, length).map { $0 - UnsafeMutableRawPointer(mutating: base + start) } ?? length
        return String(decoding: UnsafeRawBufferPointer(start: base + start, count: stop), as: UTF8.self)
    }

    private func field16(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return little ? UInt16(littleEndian: raw) : UInt16(bigEndian: raw)
    }

    private func field32(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return little ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw)
    }

    private func field64(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        return little ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw)
    }

    func readBuildID(sections: [ELFFile.Section]) -> String? {
        guard let note = sections.first(where: { $0.name == ".note.gnu.build-id" }) else { return nil }
        guard let nameSize = try? u32(note.fileOffset), let descSize = try? u32(note.fileOffset + 4),
              descSize > 0, descSize <= 64 else { return nil }
        // Sizes come from the file: overflow means a broken note, not a trap.
        let (afterHeader, headerOverflow) = note.fileOffset.addingReportingOverflow(12 + (UInt64(nameSize) + 3) & ~3)
        guard !headerOverflow, afterHeader <= UInt64(data.count) else { return nil }
        let descStart = afterHeader
        var hex = ""
        for i in 0..<UInt64(descSize) {
            guard let byte = try? u8(descStart + i) else { return nil }
            hex += String(format: "%02x", byte)
        }
        return hex
    }
}
