/// What `TraceLineParser` found on one logical line (one physical line, or two when a frame was
/// soft-wrapped): the stripped text, the frames, and for ARM `f from g` lines the callee `f`.
public struct TraceLineMatch: Sendable, Equatable {
    /// Which printed shape the frames came in.
    public enum Shape: String, Sendable, Hashable, Codable {
        /// No frame on the line.
        case none
        /// ARM ≤ 5.18 with `CONFIG_BACKTRACE_VERBOSE`-style output: `[<a>] (f) from [<b>] (g+off/size)`.
        case armVerbose
        /// ARM 5.19+: ` f from g+off/size [mod]`.
        case armCompact
        /// x86/arm64/riscv/old-x86 call-trace entries: ` [<addr>] ? func+off/size [mod]`.
        case kernelSymbol
        /// A register line: `pc : func+off/size`, `RIP: 0010:func+…`, `PC is at …`, `LR is at …`.
        case kernelRegister
        /// glibc/uClibc `backtrace_symbols()`: `path(sym+0xoff) [0xaddr]`, `path(+0xoff) [0xaddr]`,
        /// `path [0xaddr]`.
        case userBacktrace
    }

    /// First physical line (1-based).
    public var lineNumber: Int
    /// Last physical line: greater than `lineNumber` when a soft-wrapped frame was joined.
    public var lastLineNumber: Int
    /// The stripped text (for a joined wrap: both parts joined).
    public var line: StrippedTraceLine
    public var shape: Shape
    /// The resolvable frames on the line, in printed order.
    public var frames: [TraceFrame]
    /// ARM `f from g` lines: the callee `f` (function and module as printed, `[<where>]` when
    /// printed). It has no offset, so it is not resolvable — but a call trace starts with it.
    public var armCallee: TraceFrame?
    /// True when the line ends inside a frame (its tail looks cut off): a candidate for joining
    /// with the next line.
    public var isDangling: Bool
    /// True when the line is complete but could go on: it ends in a frame without ` [mod]`, or
    /// is a lone name (`unwind_backtrace`) or `?`. The scanner tries the next line as its
    /// continuation and keeps the join only when it completes one frame.
    public var endsOpen: Bool = false

    public init(lineNumber: Int, lastLineNumber: Int? = nil, line: StrippedTraceLine, shape: Shape = .none,
                frames: [TraceFrame] = [], armCallee: TraceFrame? = nil, isDangling: Bool = false) {
        self.lineNumber = lineNumber
        self.lastLineNumber = lastLineNumber ?? lineNumber
        self.line = line
        self.shape = shape
        self.frames = frames
        self.armCallee = armCallee
        self.isDangling = isDangling
    }

    /// Moves a single-line match to line `number` (its frames and callee with it).
    mutating func renumber(to number: Int) {
        lineNumber = number
        lastLineNumber = number
        if !frames.isEmpty {
            for i in frames.indices { frames[i].inputLine = number }
        }
        armCallee?.inputLine = number
    }
}
