/// The one error type of the Investigation module. Expected findings (no leak, nothing to
/// compare) are values in the results, not errors.
public enum InvestigationError: Error, Equatable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case badRules(String)
    case noSample(String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason): return "cannot read \(path): \(reason)"
        case let .badRules(why): return "rules table is not valid: \(why)"
        case let .noSample(why): return why
        }
    }
}
