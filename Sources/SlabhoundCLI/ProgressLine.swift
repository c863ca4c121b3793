import Foundation

/// A one-line progress note on stderr for work that takes a while (a large capture), drawn only
/// when stderr is a terminal — a pipe or a log file gets nothing — once the work has taken half a
/// second (quick work shows nothing), at most five times a second, and erased when the work is
/// done so the command's own output starts on a clean line.
final class ProgressLine {
    private let enabled: Bool
    private let started = Date()
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
        let now = Date()
        guard now.timeIntervalSince(started) >= Self.delay, now.timeIntervalSince(lastDraw) >= Self.interval else { return }
        lastDraw = now
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text())".utf8))
    }

    func clear() {
        guard drawn else { return }
        drawn = false
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }
}
