import Captures

/// A frame from the input and what became of it.
public struct ResolvedFrame: Sendable, Equatable {
    public var frame: TraceFrame
    /// The module-relative (link-time) address of the instruction, before the return-address
    /// adjustment: the number a person would give `addr2line -e FILE`.
    public var moduleOffset: UInt64?
    /// The runtime address, printed or computed from an inferred base.
    public var address: UInt64?
    public var location: AddressLocation?
    /// Why the frame is unresolved (`location == nil`), e.g. "no symbol file libfoo.so".
    public var reason: String?
    /// Things a person should know even though it resolved (size mismatch, other build).
    public var warnings: [String]

    public init(frame: TraceFrame, moduleOffset: UInt64? = nil, address: UInt64? = nil,
                location: AddressLocation? = nil, reason: String? = nil, warnings: [String] = []) {
        self.frame = frame
        self.moduleOffset = moduleOffset
        self.address = address
        self.location = location
        self.reason = reason
        self.warnings = warnings
    }

    public var isResolved: Bool { location != nil }
}
