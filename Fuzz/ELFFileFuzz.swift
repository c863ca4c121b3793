// Fuzz target: the ELF reader on arbitrary bytes (vendor files are untrusted). Property: bytes →
// ELFFile or ELFError, never a trap; and every derived value slabhound uses is computable.
import Foundation
@testable import Symbolication

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELFFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let elf = try? ELFFile(bytes: bytes, path: "fuzz") else { return 0 }
    _ = elf.addressSpan
    _ = elf.firstLoadAddress
    _ = elf.isARM
    for symbol in elf.symbols.prefix(64) { _ = symbol.isFunction && symbol.isDefined }
    for section in elf.sections.prefix(64) { _ = section.isAllocated || section.isExecutable }
    return 0
}
