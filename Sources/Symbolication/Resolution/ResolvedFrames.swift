import Captures

/// The frames of one `Symbolizer.resolve` call without a copy per frame: each distinct outcome
/// once, and for every frame the outcome it shares. Indexing makes the full `ResolvedFrame`
/// (the outcome with that frame); text output formats outcomes and never needs to.
public struct ResolvedFrames: RandomAccessCollection, Sendable {
    /// Distinct outcomes: frames printed alike that came out alike (same location, reason and
    /// warnings) share one; its `frame` is the first frame of it.
    public let outcomes: [ResolvedFrame]
    /// For each frame, the index of its outcome.
    public let outcomeOfFrame: [Int]
    public let frames: [TraceFrame]

    init(outcomes: [ResolvedFrame], outcomeOfFrame: [Int], frames: [TraceFrame]) {
        self.outcomes = outcomes
        self.outcomeOfFrame = outcomeOfFrame
        self.frames = frames
    }

    /// Frames resolved one by one elsewhere (each its own outcome).
    public init(_ resolved: [ResolvedFrame]) {
        outcomes = resolved
        outcomeOfFrame = Array(resolved.indices)
        frames = resolved.map(\.frame)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { frames.count }

    public subscript(index: Int) -> ResolvedFrame {
        var result = outcomes[outcomeOfFrame[index]]
        result.frame = frames[index]
        return result
    }

    /// How many frames resolved to a location.
    public var resolvedCount: Int {
        // Per outcome first: reading `outcomes[i]` per frame copies a whole ResolvedFrame.
        let resolved = outcomes.map(\.isResolved)
        return outcomeOfFrame.reduce(0) { $0 + (resolved[$1] ? 1 : 0) }
    }
}
