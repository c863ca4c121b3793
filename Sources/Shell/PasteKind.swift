/// What a pasted line announces. Traces go to symbolization; dumps go to the session's capture.
public enum PasteKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// glibc `backtrace_symbols()` output (`print_trace` blocks): `lib(func+0x1b) [0xb6e285b0]`.
    case userBacktrace
    /// Kernel call trace: `[<c0011521>] (unwind_backtrace) from …`, `Call trace:` entries.
    case kernelTrace
    /// `… invoked oom-killer: …` and the report that follows.
    case oomReport
    /// `/sys/kernel/slab/<cache>/alloc_calls` (or `free_calls`) lines.
    case allocCalls
    /// kmemleak `unreferenced object 0x…` reports.
    case kmemleak
    case meminfo
    case slabinfo
    /// `free` output (`Mem:` lines, the `total used free` header).
    case free
    /// The vendor MMA heap dump (`/proc/mi_modules/mi_sys_mma/mma_heap_name0`).
    case mmaHeap

    /// Text to symbolize in place.
    public var isTrace: Bool {
        switch self {
        case .userBacktrace, .kernelTrace, .oomReport, .allocCalls, .kmemleak: return true
        case .meminfo, .slabinfo, .free, .mmaHeap: return false
        }
    }

    /// Text that belongs in the session's capture (an OOM report carries a memory summary too).
    public var isDump: Bool {
        switch self {
        case .meminfo, .slabinfo, .free, .mmaHeap, .oomReport: return true
        case .userBacktrace, .kernelTrace, .allocCalls, .kmemleak: return false
        }
    }
}
