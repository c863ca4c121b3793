import Captures

/// Frames planned by `Symbolizer.plan` and not yet asked of gdb: each distinct outcome once
/// (with the gdb address to look up, or its reason already set), and for every frame the outcome
/// it shares. `Symbolizer.finish` turns it into `ResolvedFrames`.
public struct FramePlan: Sendable {
    let outcomes: [(frame: ResolvedFrame, lookup: UInt64?)]
    let outcomeOfFrame: [Int]
    let frames: [TraceFrame]
}
