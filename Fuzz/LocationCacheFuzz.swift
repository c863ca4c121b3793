// Fuzz target: the persistent location cache's file parser (it reads ~/.cache/slabhound files,
// which may be corrupt, truncated or from another version). Property beyond "no crash": a file
// it accepts round-trips — parse(serialized()) gives the same content.
@testable import Symbolication

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLocationCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    guard let file = LocationCacheFile.parse(bytes: bytes) else { return 0 }
    let text = file.serialized()
    guard let again = LocationCacheFile.parse(bytes: Array(text.utf8)) else {
        fuzzFail("accepted file does not parse after serialization: \(text.debugDescription)")
    }
    guard again == file else { fuzzFail("round trip changed the file: \(text.debugDescription)") }
    return 0
}
