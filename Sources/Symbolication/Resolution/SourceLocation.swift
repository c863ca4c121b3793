/// A place in the source: a function, and the file and line when debug info has them.
public struct SourceLocation: Sendable, Equatable, Hashable, Codable {
    public var function: String
    public var file: String?
    public var line: Int?

    public init(function: String, file: String? = nil, line: Int? = nil) {
        self.function = function
        self.file = file
        self.line = line
    }

    /// `md_alloc_luma at md.c:17`, or just the function when there is no line.
    public var text: String {
        guard let file else { return function }
        return line.map { "\(function) at \(file):\($0)" } ?? "\(function) at \(file)"
    }
}

/// What gdb said about one address: the innermost location and the functions it is inlined
/// into, innermost first.
public struct AddressLocation: Sendable, Equatable, Hashable {
    public var innermost: SourceLocation
    public var inlinedBy: [SourceLocation]
    /// Absolute path of the innermost file when gdb knows it (for `locate`'s source listing).
    public var fullPath: String?
    /// True when only the ELF symbol was found (no DWARF for this address).
    public var fromMinimalSymbol: Bool

    public init(innermost: SourceLocation, inlinedBy: [SourceLocation] = [], fullPath: String? = nil,
                fromMinimalSymbol: Bool = false) {
        self.innermost = innermost
        self.inlinedBy = inlinedBy
        self.fullPath = fullPath
        self.fromMinimalSymbol = fromMinimalSymbol
    }
}
