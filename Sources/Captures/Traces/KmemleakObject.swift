import Foundation

/// One object of a kmemleak report (`cat /sys/kernel/debug/kmemleak`,
/// Documentation/dev-tools/kmemleak.rst):
/// ```
/// unreferenced object 0xffff888105a65340 (size 64):
///   comm "mount", pid 710, jiffies 4302851558 (age 58.239s)
///   hex dump (first 32 bytes):
///     00 00 00 00 …  ................
///   backtrace (crc 2cd5f4d5):
///     [<ffffffff859c45e5>] kmem_cache_alloc_trace+0x475/0x8a0
///     [<ffffffff86160146>] jffs2_sum_init+0x96/0x1a0
/// ```
public struct KmemleakObject: Sendable, Equatable {
    public var address: UInt64?
    public var size: Int64
    public var comm: String?
    public var pid: Int?
    public var jiffies: UInt64?
    public var ageSeconds: Double?
    /// `backtrace (crc …)` (6.x), when printed.
    public var crc: String?
    /// The allocation stack, innermost first. Syzbot-style `func file:line [inline]` lines carry
    /// no offset and are not frames; the outer frame on the next line is.
    public var backtrace: [TraceFrame]
    public var inputLine: Int

    public init(address: UInt64?, size: Int64, inputLine: Int) {
        self.address = address
        self.size = size
        self.backtrace = []
        self.inputLine = inputLine
    }

    /// The same allocation path in two reports: the frames as printed (no addresses).
    public var signature: String { backtrace.map(\.printed).joined(separator: "|") }

    /// The first frame past the allocator: who allocated the object.
    public var allocator: TraceFrame? {
        backtrace.first { frame in
            guard let f = frame.function else { return false }
            let base = OOMDiagnosis.baseName(f)
            return !OOMDiagnosis.slabAllocator.contains(base) && !OOMDiagnosis.pageAllocator.contains(base)
                && !base.hasPrefix("__kmem_cache") && !base.hasPrefix("kmalloc") && !base.hasPrefix("__kmalloc")
                && !base.hasPrefix("kmem_cache_alloc") && !base.hasPrefix("__vmalloc") && !base.hasPrefix("kvmalloc")
        }
    }
}
