/// One line of `/proc/PID/maps`: `b6e00000-b6e2c000 r-xp 00000000 b3:02 1234   /lib/libmi_sys.so`.
public struct ProcMapsEntry: Sendable, Equatable, Hashable {
    public var start: UInt64
    public var end: UInt64
    /// `r-xp` as printed.
    public var permissions: String
    /// File offset of `start`.
    public var offset: UInt64
    /// `b3:02`.
    public var device: String
    public var inode: UInt64
    /// The path or pseudo-path (`[heap]`, `[stack]`), nil for anonymous mappings. A deleted
    /// file keeps its ` (deleted)` suffix, as printed.
    public var path: String?
    /// 1-based input line.
    public var inputLine: Int

    public var isExecutable: Bool { permissions.count >= 3 && permissions.dropFirst(2).first == "x" }

    /// The load base this mapping implies for its file: `start - offset` (what a module-relative
    /// `(+0xoff)` or a symbol value is added to). Nil when it would be negative.
    public var loadBase: UInt64? { start >= offset ? start - offset : nil }

    public init(start: UInt64, end: UInt64, permissions: String, offset: UInt64, device: String,
                inode: UInt64, path: String?, inputLine: Int) {
        self.start = start
        self.end = end
        self.permissions = permissions
        self.offset = offset
        self.device = device
        self.inode = inode
        self.path = path
        self.inputLine = inputLine
    }
}

/// Reads `/proc/PID/maps` lines found anywhere in a text (prefixes stripped like trace lines).
/// The symbolizer uses them to learn where a shared object was loaded when a backtrace frame
/// carries no symbol (`lib [0xaddr]`).
public enum ProcMapsParser {
    /// The entry on `line`, or nil when the line is not a maps line.
    public static func entry(in line: some StringProtocol, lineNumber: Int) -> ProcMapsEntry? {
        entry(StrippedTraceLine(line).bytes, lineNumber: lineNumber)
    }

    /// All entries of a text.
    public static func entries(in text: some StringProtocol) -> [ProcMapsEntry] {
        var out: [ProcMapsEntry] = []
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if let e = entry(in: line, lineNumber: n) { out.append(e) }
        }
        return out
    }

    /// Load base of each file (by path as printed): from its mapping with file offset 0, else the
    /// lowest `start - offset`. Only file mappings count.
    public static func loadBases(_ entries: [ProcMapsEntry]) -> [String: UInt64] {
        var bases: [String: UInt64] = [:]
        for e in entries {
            guard let path = e.path, !path.hasPrefix("["), let base = e.loadBase else { continue }
            if let old = bases[path] { bases[path] = min(old, base) } else { bases[path] = base }
        }
        return bases
    }

    static func entry(_ b: [UInt8], lineNumber: Int) -> ProcMapsEntry? {
        let start = TraceBytes.hex(b, from: 0)
        guard start.end > 0, start.end < b.count, b[start.end] == 0x2D, let s = start.value else { return nil }
        let end = TraceBytes.hex(b, from: start.end + 1)
        guard end.end > start.end + 1, end.end < b.count, b[end.end] == 0x20, let e = end.value, e >= s else { return nil }
        var i = end.end + 1
        guard i + 4 <= b.count else { return nil }
        let perms = Array(b[i..<(i + 4)])
        let allowed: [[UInt8]] = [[0x72, 0x2D], [0x77, 0x2D], [0x78, 0x2D], [0x70, 0x73, 0x2D]]
        for (k, c) in perms.enumerated() where !allowed[k].contains(c) { return nil }
        i += 4
        guard i < b.count, b[i] == 0x20 else { return nil }
        let offset = TraceBytes.hex(b, from: i + 1)
        guard offset.end > i + 1, let off = offset.value, offset.end < b.count, b[offset.end] == 0x20 else { return nil }
        i = offset.end + 1
        let devStart = i
        let major = TraceBytes.hex(b, from: i)
        guard major.end > i, major.end < b.count, b[major.end] == 0x3A else { return nil }
        let minor = TraceBytes.hex(b, from: major.end + 1)
        guard minor.end > major.end + 1, minor.end < b.count, b[minor.end] == 0x20 else { return nil }
        let device = TraceBytes.string(b, devStart..<minor.end)
        let inode = TraceBytes.decimal(b, from: minor.end + 1)
        guard inode.end > minor.end + 1, let ino = inode.value else { return nil }
        guard inode.end == b.count || b[inode.end] == 0x20 else { return nil }
        let p = TraceBytes.skipSpaces(b, from: inode.end)
        let path = p < b.count ? TraceBytes.string(b, p..<b.count) : nil
        return ProcMapsEntry(start: s, end: e, permissions: TraceBytes.string(perms, 0..<4), offset: off,
                             device: device, inode: ino, path: path, inputLine: lineNumber)
    }
}
