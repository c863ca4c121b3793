import GdbSession

enum GdbSessionFactory {
    /// A real gdb, found the way the product finds it.
    static func session() async throws -> GdbSession {
        let executable = try GdbLocator.locate(explicit: nil)
        return try await GdbSession(configuration: GdbConfiguration(executable: executable))
    }
}
