import Foundation

/// The ELF machines (e_machine) of symbol files, for choosing a gdb that reads them all. Only
/// each file's header is read, by the header parser `ELFFile` uses: `ELFFile` would parse every
/// section and symbol of every file under `--symbols` just to learn this one field.
public enum ELFMachines {
    /// ELF64's header; ELF32's is 52 bytes.
    static let headerSize = 64

    public static func of(_ files: [URL]) -> Set<UInt16> {
        Set(files.compactMap(machine(of:)))
    }

    /// e_machine of an ELF file, nil when the file is not ELF or cannot be read.
    public static func machine(of url: URL) -> UInt16? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: headerSize) else { return nil }
        var reader = ELFByteReader(data: head, path: url.path)
        guard (try? reader.parseHeader()) != nil else { return nil }
        return reader.machine
    }
}
