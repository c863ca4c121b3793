import Foundation

/// Lines from a non-terminal (a pipe, a file): no prompt, no echo, no history, nothing written
/// to the terminal — what scripts and CI need. The blocking read runs on its own thread.
public final class StreamLineReader: LineSource, @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()
    private var buffer = Data()
    private var atEnd = false

    public init(handle: FileHandle = .standardInput) {
        self.handle = handle
    }

    public var isInteractive: Bool { false }

    public func read(prompt: String) async -> LineInput? {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.readBlocking()) }
            thread.start()
        }
    }

    /// Reads up to the next "\n" (a trailing "\r" from a serial console is dropped with it).
    func readBlocking() -> LineInput? {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var lineData = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                if lineData.last == UInt8(ascii: "\r") { lineData = lineData.dropLast() }
                return .line(String(decoding: lineData, as: UTF8.self))
            }
            if atEnd {
                guard !buffer.isEmpty else { return nil }
                let rest = buffer
                buffer.removeAll()
                return .line(String(decoding: rest, as: UTF8.self))
            }
            let chunk = handle.availableData
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }
}
