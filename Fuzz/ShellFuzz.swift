// Fuzz target: the shell's text classifiers — paste recognition (which pasted lines are traces,
// dumps or commands) and its word splitter. Property beyond "no crash": quoting round-trips,
// split(quote(w)) == [w], for any word.
@testable import Shell
#if canImport(Glibc)
import Glibc
#endif

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
    if back != [word], !knownCombiningIssue(word) {
        fuzzFail("split(quote(\(word.debugDescription))) == \(back)")
    }
    return 0
}

/// Known issue (reported): `split` walks Characters, so a quote or backslash that a combining
/// mark (or a Prepend character before it) fuses into one Character is not seen as a quote:
/// split(quote("\u{301}")) is ["'\u{301}'"]-like garbage. FUZZ_STRICT=1 fails on it anyway.
private func knownCombiningIssue(_ word: String) -> Bool {
    guard getenv("FUZZ_STRICT") == nil else { return false }
    return ShellWords.quote(word).contains { character in
        character.unicodeScalars.count > 1
            && character.unicodeScalars.contains { $0 == "'" || $0 == "\\" || $0 == "\"" }
    }
}
