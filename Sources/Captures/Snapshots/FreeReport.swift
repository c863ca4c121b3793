/// The output of `free` (KiB): current procps/busybox (`buff/cache available`) or old procps
/// and old busybox (`buffers cached`, `-/+ buffers/cache:` / `-/+ buffers:` line).
public struct FreeReport: Sendable, Equatable, Codable {
    public var total: Int64
    public var used: Int64
    public var free: Int64
    public var shared: Int64?
    public var buffers: Int64?
    public var cached: Int64?
    public var buffCache: Int64?
    public var available: Int64?
    /// The `-/+ buffers/cache:` line of old procps (or busybox's `-/+ buffers:`).
    public var adjustedUsed: Int64?
    public var adjustedFree: Int64?
    public var swapTotal: Int64?
    public var swapUsed: Int64?
    public var swapFree: Int64?

    public init(total: Int64, used: Int64, free: Int64, shared: Int64? = nil, buffers: Int64? = nil,
                cached: Int64? = nil, buffCache: Int64? = nil, available: Int64? = nil,
                adjustedUsed: Int64? = nil, adjustedFree: Int64? = nil,
                swapTotal: Int64? = nil, swapUsed: Int64? = nil, swapFree: Int64? = nil) {
        self.total = total
        self.used = used
        self.free = free
        self.shared = shared
        self.buffers = buffers
        self.cached = cached
        self.buffCache = buffCache
        self.available = available
        self.adjustedUsed = adjustedUsed
        self.adjustedFree = adjustedFree
        self.swapTotal = swapTotal
        self.swapUsed = swapUsed
        self.swapFree = swapFree
    }

    /// Memory that could be had without swapping: `available` when printed, else the `-/+`
    /// line's free, else free + buffers + cached — the way old `free` users read it.
    public var availableEstimate: Int64 {
        if let available { return available }
        if let adjustedFree { return adjustedFree }
        return free + (buffers ?? 0) + (cached ?? 0)
    }
}
