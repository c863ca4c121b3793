import Foundation

/// Lines from a non-terminal (a pipe, a file): no prompt, no echo, no history, nothing written
/// to the terminal — what scripts and CI need. A blocking read runs on its own thread; lines
/// already buffered are returned directly (piped console logs can be long).
public final class StreamLineReader: LineSource, @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer: [UInt8] = []
    /// Start of the unread part of `buffer` (consumed bytes are dropped in bulk, not per line).
    private var start = 0
    private var atEnd = false

    public init(handle: FileHandle = .standardInput) {
        self.handle = handle
    }

    public var isInteractive: Bool { false }

    public func read(prompt: String) async -> LineInput? {
        if let line = lock.withLock({ takeBufferedLine() }) { return line }
        return await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.readBlocking()) }
            thread.start()
        }
    }

    /// Reads up to the next "\n" (a trailing "\r" from a serial console is dropped with it).
    func readBlocking() -> LineInput? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let line = takeBufferedLine() { return line }
            if atEnd {
                guard start < buffer.count else { return nil }
                let rest = String(decoding: buffer[start...], as: UTF8.self)
                buffer.removeAll()
                start = 0
                return .line(rest)
            }
            let chunk = handle.availableData
            if chunk.isEmpty {
                atEnd = true
            } else {
                if start > 0 {
                    buffer.removeFirst(start)
                    start = 0
                }
                buffer.append(contentsOf: chunk)
            }
        }
    }

    /// The next complete line in the buffer, if any (caller holds the lock).
    private func takeBufferedLine() -> LineInput? {
        guard let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var end = newline
        if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: buffer[start..<end], as: UTF8.self)
        start = newline + 1
        return .line(line)
    }
}
