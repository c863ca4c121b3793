import Foundation

/// Routes SIGINT (Ctrl-C) to whatever the shell is doing: clearing the prompt or cancelling the
/// running command. The process ignores SIGINT's default action while the shell runs, so a stray
/// Ctrl-C never kills a session (and its gdb) by accident; dispatch delivers it to `handler`.
final class InterruptSignal: @unchecked Sendable {
    static let shared = InterruptSignal()

    private let lock = NSLock()
    private var source: DispatchSourceSignal?
    private var handler: (@Sendable () -> Void)?

    func install() {
        lock.withLock {
            guard source == nil else { return }
            signal(SIGINT, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: DispatchQueue.global())
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
            self.source = source
        }
    }

    /// Sets what Ctrl-C does now; returns the previous handler so callers can restore it.
    @discardableResult
    func setHandler(_ handler: (@Sendable () -> Void)?) -> (@Sendable () -> Void)? {
        lock.withLock {
            let previous = self.handler
            self.handler = handler
            return previous
        }
    }

    private func fire() {
        let current = lock.withLock { handler }
        current?()
    }
}
