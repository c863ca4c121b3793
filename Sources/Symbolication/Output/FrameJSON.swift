import Captures

/// One frame of `symbolize --json`: the shape scripts rely on (documented in the README).
/// `function`/`file`/`line` are the innermost location, `inlined_by` the functions it is
/// inlined into, innermost first.
public struct FrameJSON: Encodable, Sendable, Equatable {
    public struct Level: Encodable, Sendable, Equatable {
        public var function: String
        public var file: String?
        public var line: Int?
    }

    public var input_line: Int
    public var kind: String
    public var module: String
    public var address: String?
    public var offset: String?
    public var symbol: String?
    public var resolved: Bool
    public var function: String?
    public var file: String?
    public var line: Int?
    public var inlined_by: [Level]?
    public var reason: String?
    public var warnings: [String]?

    public init(_ resolved: ResolvedFrame) {
        let frame = resolved.frame
        input_line = frame.inputLine
        kind = frame.kind.rawValue
        module = ModuleKey(frame: frame).description
        address = resolved.address.map(Self.hex)
        offset = resolved.moduleOffset.map(Self.hex) ?? (frame.function == nil ? frame.offset.map(Self.hex) : nil)
        symbol = frame.function.map { name in
            var text = name
            if let offset = frame.offset { text += "+" + Self.hex(offset) }
            if let size = frame.size { text += "/" + Self.hex(size) }
            return text
        }
        self.resolved = resolved.isResolved
        if let location = resolved.location {
            function = location.innermost.function
            file = location.innermost.file
            line = location.innermost.line
            inlined_by = location.inlinedBy.map { Level(function: $0.function, file: $0.file, line: $0.line) }
        } else {
            reason = resolved.reason ?? "unresolved"
        }
        warnings = resolved.warnings.isEmpty ? nil : resolved.warnings
    }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}

/// `{"frames": [...]}`, plus how gdb was used, so a script can tell a partial answer.
public struct SymbolizeJSON: Encodable, Sendable {
    public var frames: [FrameJSON]
    public var mode: String?
    public init(frames: [FrameJSON], mode: String?) {
        self.frames = frames
        self.mode = mode
    }
}
