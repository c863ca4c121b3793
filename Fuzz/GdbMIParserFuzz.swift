// Fuzz target: the GDB/MI record parser and c-string decoder on arbitrary bytes (what a
// garbage-printing or hostile gdb could send), and gdb's `info line` answer parser.
@testable import GdbMI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGdbMIParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let record = MIParser.parse(bytes: bytes)
    _ = String(describing: record)
    _ = MIParser.parse(bytes: bytes[...])
    _ = MIParser.decodeCString(body: String(decoding: bytes, as: UTF8.self))
    return 0
}
