/// The class of a result record (`^done`, `^running`, `^connected`, `^error`, `^exit`).
public enum MIResultClass: String, Sendable, Equatable, CaseIterable {
    case done
    case running
    case connected
    case error
    case exit
}
