/// What the session has taken in so far, for the status line printed after every command.
/// Hooks that ingest text (capture, symbolize) update it; the default status line shows it.
public struct SessionTally: Sendable, Equatable, Codable {
    /// Snapshots of memory state (`/proc/meminfo` dumps, `free` lines …) taken in.
    public var samples: Int
    /// Traces (backtrace blocks, call traces, OOM reports) seen.
    public var traces: Int

    public init(samples: Int = 0, traces: Int = 0) {
        self.samples = samples
        self.traces = traces
    }
}
