import Foundation

/// Reads a file descriptor line by line in large chunks, without holding the whole input.
/// Lines are split at `\n` only and returned as raw bytes (a `\r` stays): a board's text is kept
/// exactly as printed. A line longer than `maxLineBytes` is cut into pieces, so one endless line
/// cannot exhaust memory; `nextPiece()` says which pieces end a line, so a writer can put the
/// line back together.
public struct TextLineReader: Sequence, IteratorProtocol {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var finished = false
    private let chunkSize: Int
    private let maxLineBytes: Int

    public init(handle: FileHandle, chunkSize: Int = 1 << 20, maxLineBytes: Int = 1 << 20) {
        self.handle = handle
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
    }

    public mutating func next() -> [UInt8]? {
        nextPiece()?.bytes
    }

    /// The next line, or the next `maxLineBytes` of a longer one: `endsLine` is false for a
    /// piece that the rest of its line follows.
    public mutating func nextPiece() -> (bytes: [UInt8], endsLine: Bool)? {
        while true {
            if let newline = newlineWithinLimit() {
                let line = Array(buffer[position..<newline])
                position = newline + 1
                return (line, true)
            }
            if buffer.count - position > maxLineBytes {
                let line = Array(buffer[position..<(position + maxLineBytes)])
                position += maxLineBytes
                return (line, false)
            }
            if finished {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                position = buffer.count
                return (line, true)
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = (try? handle.read(upToCount: chunkSize)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(contentsOf: chunk) } else { finished = true }
        }
    }

    /// The index of the next `\n` when it is at most `maxLineBytes` from `position` (memchr:
    /// this search is most of what reading a large log costs).
    private func newlineWithinLimit() -> Int? {
        let available = buffer.count - position
        guard available > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress,
                  let hit = memchr(base + position, 0x0A, Swift.min(available, maxLineBytes + 1)) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}
