import Foundation

/// The parts of an ELF file slabhound needs without gdb: its type and machine, its sections (to
/// place a relocatable `.ko` at addresses of our choosing), its symbols with their raw
/// `st_value` (gdb and `nm` hide the Thumb bit, and printed offsets are measured from it), its
/// build id and whether it carries DWARF. Parsing is pure over bytes; malformed files give
/// `ELFError`, never a crash.
public struct ELFFile: Sendable {
    public enum FileType: UInt16, Sendable {
        case relocatable = 1, executable = 2, sharedObject = 3, core = 4
    }

    public struct Section: Sendable, Equatable {
        public var index: Int
        public var name: String
        public var type: UInt32
        public var flags: UInt64
        public var address: UInt64
        public var fileOffset: UInt64
        public var size: UInt64
        public var link: UInt32
        public var entrySize: UInt64

        /// SHF_ALLOC: the section occupies memory at run time.
        public var isAllocated: Bool { flags & 0x2 != 0 }
        /// SHF_EXECINSTR.
        public var isExecutable: Bool { flags & 0x4 != 0 }
    }

    public struct Symbol: Sendable, Equatable {
        public var name: String
        /// Raw st_value: on ARM a Thumb function has bit 0 set.
        public var value: UInt64
        public var size: UInt64
        /// st_shndx: the section the symbol lives in (0 undefined, 0xfff1 absolute).
        public var sectionIndex: Int
        /// STT_*: 2 is a function.
        public var type: UInt8
        public var isFunction: Bool { type == 2 }
        public var isDefined: Bool { sectionIndex != 0 && sectionIndex < 0xff00 }
    }

    public struct Segment: Sendable, Equatable {
        public var type: UInt32
        public var fileOffset: UInt64
        public var virtualAddress: UInt64
        public var memorySize: UInt64
        public var isLoad: Bool { type == 1 }
    }

    public var is64Bit: Bool
    public var isLittleEndian: Bool
    public var fileType: FileType
    /// e_machine: 40 is ARM, 62 x86-64, 183 AArch64, 3 i386.
    public var machine: UInt16
    public var sections: [Section]
    public var segments: [Segment]
    /// `.symtab` then `.dynsym` (functions and objects that are defined).
    public var symbols: [Symbol]
    public var buildID: String?
    public var hasDebugInfo: Bool

    public var isARM: Bool { machine == 40 }

    /// Reads a file from disk (memory-mapped) and parses it.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw ELFError(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        try self.init(bytes: data, path: url.path)
    }

    public init(bytes data: Data, path: String = "<memory>") throws {
        var reader = ELFByteReader(data: data, path: path)
        try reader.parseHeader()
        is64Bit = reader.is64
        isLittleEndian = reader.little
        guard let type = FileType(rawValue: reader.fileTypeRaw) else {
            throw ELFError(path: path, reason: "unsupported ELF type \(reader.fileTypeRaw)")
        }
        fileType = type
        machine = reader.machine
        sections = try reader.readSections()
        segments = try reader.readSegments()
        symbols = try reader.readSymbols(sections: sections)
        buildID = reader.readBuildID(sections: sections)
        hasDebugInfo = sections.contains { $0.name == ".debug_info" && $0.size > 0 }
    }

    /// Quick check used when indexing directories: does the file start with the ELF magic?
    public static func hasELFMagic(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data([0x7f, 0x45, 0x4c, 0x46])
    }

    /// Lowest load address and end of the highest one: the span gdb must reserve for this file.
    public var addressSpan: ClosedRange<UInt64>? {
        let allocated = sections.filter { $0.isAllocated && $0.size > 0 }
        if fileType == .relocatable {
            // Every section of a relocatable object starts at 0; the span is their sum, laid out
            // one after another (see ModuleLayout).
            // Sizes are at most 1 TiB each (ELFByteReader refuses more), so this cannot overflow.
            let total = allocated.reduce(UInt64(0)) { $0 + $1.size + 16 }
            return total == 0 ? nil : 0...(total - 1)
        }
        guard let low = allocated.map(\.address).min(),
              let high = allocated.map({ $0.address + $0.size }).max(), high > low else { return nil }
        return low...(high - 1)
    }

    /// The link-time address of the first PT_LOAD segment: a shared object's load base is the
    /// runtime address of its file offset 0 minus this.
    public var firstLoadAddress: UInt64 {
        segments.filter(\.isLoad).map(\.virtualAddress).min() ?? 0
    }
}

public struct ELFError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): not a usable ELF file: \(reason)" }
}
