/// One OOM-killer report as the kernel printed it (`mm/oom_kill.c` `dump_header()` and friends),
/// read out of a console log, a syslog or a mail.
public struct OOMReport: Sendable, Equatable {
    /// The task that invoked the killer: `venc0_P0_MAIN` in `venc0_P0_MAIN invoked oom-killer: …`.
    public var task: String
    /// From the `CPU: 0 PID: 648 Comm: …` line that follows the header.
    public var pid: Int?
    public var cpu: Int?
    /// Kernel release from that line (`4.9.84`, `6.1.66-2-rpi-ARCH`).
    public var kernel: String?
    /// `0x26040c0` as printed.
    public var gfpMask: String?
    /// `GFP_KERNEL|__GFP_COMP|__GFP_NOTRACK` split; empty when the kernel printed only the number
    /// (before 4.8): bit values change between releases, so they are not decoded here.
    public var gfpFlags: [String]
    public var order: Int?
    public var oomScoreAdj: Int?
    /// The call trace in printed order. ARM `f from g+off` lines give `f` (no offset, not
    /// resolvable) first, then each `g`. Unreliable (`? `) x86 frames are kept, marked.
    public var callTrace: [TraceFrame]
    /// `Mem-Info:` counters (pages), plus `pages_ram` / `pages_reserved` / `pages_highmem` from
    /// the `N pages RAM` lines.
    public var memInfo: [String: Int64]
    /// The `Unreclaimable slab info:` table (kernels ≥ 4.15 print it when slab dominates).
    public var unreclaimableSlab: [OOMSlabUsage]
    /// The victim: `Out of memory: Killed process 1234 (comm)`, older `Kill process … score`
    /// followed by `Killed process …`, or `oom-kill:…,task=comm,pid=1234`.
    public var killed: OOMKilledProcess?
    /// 1-based input line of the `invoked oom-killer` header, and of the report's last line.
    public var headerLine: Int
    public var lastLine: Int
    /// Lines inside the report's span that were left out as another CPU's/task's output.
    public var ignoredLines: [Int]
    /// What the failed allocation was, and what to look at next.
    public var diagnosis: OOMDiagnosis

    public init(task: String, headerLine: Int) {
        self.task = task
        self.headerLine = headerLine
        self.lastLine = headerLine
        self.gfpFlags = []
        self.callTrace = []
        self.memInfo = [:]
        self.unreclaimableSlab = []
        self.ignoredLines = []
        self.diagnosis = OOMDiagnosis(kind: .unknown, summary: "", nextStep: "")
    }
}

/// A row of `Unreclaimable slab info:` (`kmalloc-4096   1234KB   5678KB`).
public struct OOMSlabUsage: Sendable, Equatable, Hashable {
    public var cache: String
    public var usedKiB: Int64
    public var totalKiB: Int64
    public init(cache: String, usedKiB: Int64, totalKiB: Int64) {
        self.cache = cache
        self.usedKiB = usedKiB
        self.totalKiB = totalKiB
    }
}

public struct OOMKilledProcess: Sendable, Equatable, Hashable {
    public var pid: Int
    public var comm: String
    /// 1-based input line it was read from.
    public var inputLine: Int
    public init(pid: Int, comm: String, inputLine: Int) {
        self.pid = pid
        self.comm = comm
        self.inputLine = inputLine
    }
}

/// What failed, read off the call trace: which allocator, called from where.
public struct OOMDiagnosis: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// `new_slab`/`___slab_alloc`/`kmem_cache_alloc`/`kmalloc`: a slab cache needed a new slab.
        case slabAllocation = "slab-allocation"
        /// `__get_free_pages`/`alloc_pages` called by kernel code directly.
        case pageAllocation = "page-allocation"
        /// A user page fault (anonymous memory or page cache) needed a page.
        case userPageFault = "user-page-fault"
        /// A memory cgroup hit its limit.
        case memoryCgroup = "memory-cgroup"
        case unknown
    }

    public var kind: Kind
    /// One sentence: e.g. "An order-2 slab allocation by mi_sys_ringpool_AppendTailContentTailRecord [mi_sys]
    /// (via kmem_cache_alloc → new_slab) could not be satisfied."
    public var summary: String
    /// The first non-allocator frame above the allocator: who asked for the memory.
    public var caller: String?
    public var nextStep: String

    public init(kind: Kind, summary: String, caller: String? = nil, nextStep: String) {
        self.kind = kind
        self.summary = summary
        self.caller = caller
        self.nextStep = nextStep
    }
}
