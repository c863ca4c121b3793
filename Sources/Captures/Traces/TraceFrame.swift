/// One stack frame found in text a board printed: a kernel call-trace entry or a glibc
/// `backtrace_symbols()` entry. Pure data: what was printed, nothing resolved yet.
public struct TraceFrame: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case kernel
        case user
    }

    public var kind: Kind
    /// 1-based line of the input where the frame is printed (the first line when a frame was
    /// soft-wrapped over two lines).
    public var inputLine: Int
    /// Kernel: the module name in `[mod]`, nil for the core kernel (vmlinux).
    /// User: the object path as printed (`/lib/libmi_sys.so`).
    public var module: String?
    /// Function name as printed (mangled C++ names stay mangled here); nil for `(+0xoff)` and
    /// `path [0xaddr]` user frames.
    public var function: String?
    /// Offset after `+`: from `function` when it is set, else from the module's load base.
    public var offset: UInt64?
    /// Kernel `/0xsize`: the size of `function` as the kernel knows it.
    public var size: UInt64?
    /// The absolute address printed with the frame (`[<c000fcc7>]`, `[0xb6e285b0]`), when any.
    public var address: UInt64?
    /// True when the frame is a program counter (the faulting/current instruction: `pc :`,
    /// `RIP:`, `PC is at`), false for return addresses, which are looked up at the call.
    public var isProgramCounter: Bool
    /// False for frames the kernel marks unreliable (`? func+0x..`).
    public var reliable: Bool
    /// The frame's text as printed, e.g. `mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc`
    /// or `/lib/libmi_sys.so(print_trace+0x1b) [0xb6e285b0]`.
    public var printed: String
    /// Kernel `%pSb` build id printed after the module name (`[mod 0123abcd…]`), when any.
    public var buildID: String?
    /// arm64 (6.13+) unwind-source marker printed after the frame, without parentheses: `P`
    /// (the PC from saved registers — a program counter), `L` (the LR from saved registers),
    /// `C`, `T`, `U`, possibly with `F`/`K` appended.
    public var unwindMarker: String?

    public init(kind: Kind, inputLine: Int, module: String? = nil, function: String? = nil,
                offset: UInt64? = nil, size: UInt64? = nil, address: UInt64? = nil,
                isProgramCounter: Bool = false, reliable: Bool = true, printed: String,
                buildID: String? = nil, unwindMarker: String? = nil) {
        self.kind = kind
        self.inputLine = inputLine
        self.module = module
        self.function = function
        self.offset = offset
        self.size = size
        self.address = address
        self.isProgramCounter = isProgramCounter
        self.reliable = reliable
        self.printed = printed
        self.buildID = buildID
        self.unwindMarker = unwindMarker
    }
}
