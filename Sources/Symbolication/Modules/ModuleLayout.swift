/// Chooses where each symbol file lives in gdb's address space.
///
/// Executables (`vmlinux`, a non-PIE program) stay at their link addresses: their printed
/// addresses are absolute. Shared objects and relocatable modules get free slots, aligned to
/// 1 MiB, starting above the executables' ranges, so one gdb holds every module without overlap.
public struct ModuleLayout: Sendable {
    private var taken: [ClosedRange<UInt64>] = []
    private var cursor: UInt64
    private let limit: UInt64
    private static let alignment: UInt64 = 0x10_0000

    public init(is64Bit: Bool) {
        // 32-bit: user space below the ARM kernel's 0xbf000000 module area.
        cursor = is64Bit ? 0x1000_0000_0000 : 0x2000_0000
        limit = is64Bit ? 0x7fff_0000_0000 : 0xbf00_0000
    }

    /// Records a range that is fixed (an executable at its link address).
    public mutating func reserve(_ range: ClosedRange<UInt64>) {
        taken.append(range)
    }

    /// A free, aligned start address for `length` bytes, or nil when the space is exhausted.
    public mutating func allocate(length: UInt64) -> UInt64? {
        let size = max(length, 1)
        var start = align(cursor)
        while start < limit {
            let end = start &+ size &- 1
            guard end >= start, end < limit else { return nil }
            if let clash = taken.first(where: { $0.overlaps(start...end) }) {
                start = align(clash.upperBound &+ 1)
                continue
            }
            taken.append(start...end)
            cursor = end &+ 1
            return start
        }
        return nil
    }

    private func align(_ value: UInt64) -> UInt64 {
        let mask = Self.alignment - 1
        return value > UInt64.max - mask ? UInt64.max : (value + mask) & ~mask
    }
}
