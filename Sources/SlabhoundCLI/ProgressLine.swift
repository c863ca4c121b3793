import Foundation

/// A one-line progress note on stderr for work that takes a while (a large capture, many symbol
/// files, gdb loading them), drawn only when stderr is a terminal — a pipe or a log file gets
/// nothing — once the work has taken half a second (quick work shows nothing), at most five
/// times a second, and erased when the work is done so the command's own output starts on a
/// clean line. Thread-safe: `during` draws from a timer task.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var drawn = false
    static let interval: TimeInterval = 0.2
    static let delay: TimeInterval = 0.5

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.enabled = enabled
    }

    /// `label N% (done of total MB)`, redrawn in place.
    func show(_ label: String, done: Int, of total: Int) {
        guard total > 0 else { return }
        show { "\(label) \(min(100, done * 100 / total))% (\(Self.megabytes(done)) of \(Self.megabytes(total)) MB)" }
    }

    /// Any text, redrawn in place; built only when it is drawn.
    func show(_ text: () -> String) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(started) >= Self.delay, now.timeIntervalSince(lastDraw) >= Self.interval else { return }
            lastDraw = now
            drawn = true
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text())".utf8))
        }
    }

    func clear() {
        lock.withLock {
            guard drawn else { return }
            drawn = false
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }

    /// `text` on the progress line while `work` runs, if it runs longer than the delay: for one
    /// long call that reports nothing as it goes (gdb loading symbol files and resolving).
    static func during<T>(_ text: String, _ work: () async throws -> T) async rethrows -> T {
        let progress = ProgressLine()
        guard progress.enabled else { return try await work() }
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            progress.show { text }
        }
        defer {
            timer.cancel()
            progress.clear()
        }
        return try await work()
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}
