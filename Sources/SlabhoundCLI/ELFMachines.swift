import Foundation

/// The ELF machines (e_machine) of symbol files, for choosing a gdb that reads them all. Read
/// from each file's first 20 bytes: ELFFile would parse every section and symbol of every file
/// under `--symbols` just to learn this one field.
enum ELFMachines {
    static func of(_ files: [URL]) -> Set<UInt16> {
        Set(files.compactMap(machine(of:)))
    }

    /// e_machine of an ELF file, nil when the file is not ELF or cannot be read.
    static func machine(of url: URL) -> UInt16? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 20), head.count == 20,
              head.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]) else { return nil }
        let bytes = [UInt8](head)
        // e_ident[EI_DATA]: 1 little-endian, 2 big-endian; e_machine is the half-word at 18.
        switch bytes[5] {
        case 1: return UInt16(bytes[18]) | UInt16(bytes[19]) << 8
        case 2: return UInt16(bytes[18]) << 8 | UInt16(bytes[19])
        default: return nil
        }
    }
}
