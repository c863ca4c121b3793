// Shared by every fuzz target (compiled into each one): turns libFuzzer's bytes into inputs.

/// The fuzzer's bytes as an array.
func fuzzBytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    Array(UnsafeBufferPointer(start: data, count: size))
}

/// A split point derived from the first byte, so streaming parsers are also fed in two chunks
/// cut at every possible place over the run.
func fuzzSplit(_ bytes: [UInt8]) -> Int {
    guard let first = bytes.first, !bytes.isEmpty else { return 0 }
    return Int(first) * bytes.count / 256
}

/// Stops the run with a message libFuzzer reports as a crash (and keeps the input).
func fuzzFail(_ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) -> Never {
    fatalError("property violated: " + message(), file: file, line: line)
}
