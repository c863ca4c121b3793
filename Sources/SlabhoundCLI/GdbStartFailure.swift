import Shell

/// A command printed what the location cache knew, but gdb was needed for the rest and did not
/// start: exit status 1, as the same command exits with `--no-cache` (where gdb starts first).
///
/// Only commands whose job is resolving frames (`ResolvesFrames`) fail so; `blame`, `report`
/// and `guide` go on without locations when gdb cannot start, with or without the cache.
struct GdbStartFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }

    /// After `command` ran: the failure `SymbolizationStarter.finish` recorded, if the command
    /// is one that fails for it. Clears the record either way.
    static func take(after command: Any.Type, state: ShellState) -> GdbStartFailure? {
        var failure: String?
        state.update(GdbStartFailureKey.self) { failure = $0; $0 = nil }
        guard let failure, command is ResolvesFrames.Type else { return nil }
        return GdbStartFailure(message: "\(failure); the frames that needed it are unresolved (the location cache answered the rest)")
    }

    /// Forgets a failure recorded outside a command (a pasted trace).
    static func clear(_ state: ShellState) {
        state.update(GdbStartFailureKey.self) { $0 = nil }
    }
}

/// Set by `SymbolizationStarter.finish` when gdb was needed and could not start.
enum GdbStartFailureKey: ShellStateKey {
    static let defaultValue: String? = nil
}

/// Commands that fail when gdb cannot start (their `SymbolizationStarter.start` error is not
/// caught), so with the cache on they fail too.
protocol ResolvesFrames {}
extension SymbolizeCommand: ResolvesFrames {}
extension LocateCommand: ResolvesFrames {}
extension OomCommand: ResolvesFrames {}
