/// A slot in `ShellState` for something the Shell module does not know about — the session's
/// capture, the long-lived gdb session, loaded symbol files. The module that owns the value
/// declares the key:
///
///     enum GdbSessionKey: ShellStateKey { static var defaultValue: GdbSession? { nil } }
///     state[GdbSessionKey.self] = session
public protocol ShellStateKey {
    associatedtype Value: Sendable
    static var defaultValue: Value { get }
}
