import Captures

/// A place in the source as the symbolizer reported it (mirrors Symbolication's
/// `SourceLocation`; Investigation does not depend on Symbolication).
public struct BlameLocation: Sendable, Hashable, Codable {
    public var function: String
    public var file: String?
    public var line: Int?

    public init(function: String, file: String? = nil, line: Int? = nil) {
        self.function = function
        self.file = file
        self.line = line
    }

    /// `md_alloc_luma at user/md.c:28`.
    public var text: String {
        guard let file else { return function }
        return line.map { "\(function) at \(file):\($0)" } ?? "\(function) at \(file)"
    }
}

/// A frame of an allocation backtrace with what the symbolizer made of it.
public struct BlameFrame: Sendable, Equatable {
    public var frame: TraceFrame
    /// The innermost location first, then the functions it is inlined into; empty when the
    /// frame did not resolve.
    public var chain: [BlameLocation]
    /// Module-relative address (what `addr2line -e FILE` takes), when known.
    public var moduleOffset: UInt64?
    /// Absolute path of the innermost file, when the debug info has the compile directory.
    public var fullPath: String?

    public init(frame: TraceFrame, chain: [BlameLocation] = [], moduleOffset: UInt64? = nil, fullPath: String? = nil) {
        self.frame = frame
        self.chain = chain
        self.moduleOffset = moduleOffset
        self.fullPath = fullPath
    }

    /// The module as a person names it: the printed path, `[mod]`, or `vmlinux`.
    public var moduleName: String {
        switch frame.kind {
        case .user: return frame.module ?? "?"
        case .kernel: return frame.module ?? "vmlinux"
        }
    }

    /// `/lib/libMD_LINUX.so+0x5ac`, `kmalloc+0x10 [mi_sys]`: the frame without debug info.
    public var rawText: String {
        if frame.kind == .user, let offset = moduleOffset {
            return "\(moduleName)+0x\(String(offset, radix: 16))"
        }
        if let function = frame.function {
            let offset = frame.offset.map { "+0x\(String($0, radix: 16))" } ?? ""
            return frame.kind == .kernel ? "\(function)\(offset) [\(moduleName)]" : "\(moduleName)(\(function)\(offset))"
        }
        if let offset = frame.offset { return "\(moduleName)+0x\(String(offset, radix: 16))" }
        return frame.printed
    }
}
