/// Failures of the symbolization engine that stop a whole run (a frame that cannot be resolved
/// is not an error: it is a `ResolvedFrame` with a reason).
public struct SymbolizerError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
