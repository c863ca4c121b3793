// Fuzz target: the shell's text classifiers — paste recognition (which pasted lines are traces,
// dumps or commands) and its word splitter. Property beyond "no crash": quoting round-trips,
// split(quote(w)) == [w], for any word.
@testable import Shell

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzShell(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let recognizer = PasteRecognizer()
    _ = recognizer.kinds(in: text)
    _ = recognizer.traceBlockCount(in: text)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
        _ = recognizer.kind(of: String(line))
        _ = ShellWords.split(String(line))
    }
    let word = String(text.prefix(64))
    let back = ShellWords.split(ShellWords.quote(word))
    if back != [word] {
        fuzzFail("split(quote(\(word.debugDescription))) == \(back)")
    }
    return 0
}
