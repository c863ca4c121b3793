import Foundation

/// State that lives as long as the shell (or one command-line run): settings, what the session
/// has taken in, and values other modules park here (see `ShellStateKey`). Thread-safe: commands
/// run as tasks and the Ctrl-C handler reads it from a signal queue.
///
/// A running command finds it through `ShellState.current` (a task-local value set around every
/// command), so commands need no extra arguments to pick up `--symbols` or `--gdb` defaults.
public final class ShellState: @unchecked Sendable {
    private let lock = NSLock()
    private var _settings: ShellSettings
    private var _tally = SessionTally()
    private var values: [ObjectIdentifier: any Sendable] = [:]

    public init(settings: ShellSettings = ShellSettings()) {
        _settings = settings
    }

    /// The state of the shell running the current command; nil outside any shell/command run.
    @TaskLocal public static var current: ShellState?

    public var settings: ShellSettings {
        get { lock.withLock { _settings } }
        set { lock.withLock { _settings = newValue } }
    }

    /// Changes settings atomically (read-modify-write under one lock).
    public func updateSettings(_ change: (inout ShellSettings) -> Void) {
        lock.withLock { change(&_settings) }
    }

    public var tally: SessionTally {
        get { lock.withLock { _tally } }
        set { lock.withLock { _tally = newValue } }
    }

    public func updateTally(_ change: (inout SessionTally) -> Void) {
        lock.withLock { change(&_tally) }
    }

    public subscript<Key: ShellStateKey>(key: Key.Type) -> Key.Value {
        get { lock.withLock { values[ObjectIdentifier(key)] as? Key.Value } ?? Key.defaultValue }
        set { lock.withLock { values[ObjectIdentifier(key)] = newValue } }
    }

    /// Read-modify-write of a keyed value under the lock (e.g. appending to the session capture).
    public func update<Key: ShellStateKey>(_ key: Key.Type, _ change: (inout Key.Value) -> Void) {
        lock.withLock {
            var value = values[ObjectIdentifier(key)] as? Key.Value ?? Key.defaultValue
            change(&value)
            values[ObjectIdentifier(key)] = value
        }
    }
}
