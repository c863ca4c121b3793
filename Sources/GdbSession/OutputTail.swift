import Foundation

/// The last few KiB a child wrote to stderr, kept for error messages ("why did gdb die?"),
/// and a way to wait until the stream is closed.
final class OutputTail: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes: [UInt8] = []
    private var finished = false
    private let limit: Int

    init(limit: Int = 4096) {
        self.limit = limit
    }

    func append(_ chunk: UnsafeRawBufferPointer) {
        condition.lock()
        bytes.append(contentsOf: chunk)
        if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
        condition.unlock()
    }

    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (bounded) for the writer to close, then returns the tail's last lines.
    func text(waitingUpTo seconds: Double) -> String {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !finished, condition.wait(until: deadline) {}
        let lines = String(decoding: bytes, as: UTF8.self)
            .split(whereSeparator: \.isNewline).suffix(5)
        return lines.joined(separator: " | ")
    }
}
