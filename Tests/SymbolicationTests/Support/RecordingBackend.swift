@testable import Symbolication

/// Wraps the real backend and records what the symbolizer asked gdb, so tests can check that
/// identical addresses are resolved once and that a module is loaded once.
actor RecordingBackend: LocationBackend {
    let inner: LocationBackend
    private(set) var askedAddresses: [UInt64] = []
    private(set) var resolveCalls = 0
    private(set) var loaded: [String] = []

    init(_ inner: LocationBackend) { self.inner = inner }

    var modeDescription: String { get async { await inner.modeDescription } }

    func load(_ module: LoadedModule) async throws {
        loaded.append(module.url.lastPathComponent)
        try await inner.load(module)
    }

    func resolve(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
        resolveCalls += 1
        askedAddresses += addresses
        return try await inner.resolve(addresses)
    }

    func shutdown() async { await inner.shutdown() }
}
