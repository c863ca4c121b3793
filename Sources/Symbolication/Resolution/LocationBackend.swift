import Foundation

/// What the symbolizer needs from a debugger: place a symbol file at chosen addresses, and turn
/// many addresses into locations per round trip. `GdbBackend` is the real one.
public protocol LocationBackend: Sendable {
    /// "python (inline chains)" or "pure MI (innermost line + enclosing function)".
    var modeDescription: String { get async }
    func load(_ module: LoadedModule) async throws
    /// Locations for gdb addresses; an address gdb knows nothing about is absent from the result.
    func resolve(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation]
    func shutdown() async
    /// Stops what gdb is doing now (Ctrl-C in the shell); the session and its modules stay.
    func interrupt() async
    /// Writes what should outlive the process (a cache) without shutting down.
    func flush() async
    /// Why the debugger could not load the file at `url`, when `load` returned before the
    /// debugger had it (a backend that queues loads) and the load then failed.
    func loadFailure(of url: URL) async -> String?
}

extension LocationBackend {
    public func interrupt() async {}
    public func flush() async {}
    public func loadFailure(of url: URL) async -> String? { nil }
}
