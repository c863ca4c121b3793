import Captures
import Symbolication

/// The call-trace entries of OOM reports that gdb can resolve (those printed with an offset or
/// address; the ARM callee `f` of `f from g` has neither), and how the answers go back to their
/// entries. `oom` resolves them on their own, `report` along with the allocation backtraces.
struct OOMCallTraceFrames {
    /// The frames to resolve, in report and entry order.
    let frames: [TraceFrame]
    private let reports: [OOMReport]
    private let slots: [(report: Int, entry: Int)]

    init(_ reports: [OOMReport]) {
        var frames: [TraceFrame] = []
        var slots: [(report: Int, entry: Int)] = []
        for (r, report) in reports.enumerated() {
            for (e, frame) in report.callTrace.enumerated() where frame.offset != nil || frame.address != nil {
                frames.append(frame)
                slots.append((r, e))
            }
        }
        self.frames = frames
        self.reports = reports
        self.slots = slots
    }

    /// Per report, per call-trace entry: what `resolved` (one answer per `frames` entry) says.
    func resolutions(_ resolved: [ResolvedFrame]) -> [[OOMFrameResolution?]] {
        var out: [[OOMFrameResolution?]] = reports.map { report in
            report.callTrace.map { frame in
                frame.offset == nil && frame.address == nil
                    ? OOMFrameResolution(levels: [], reason: "printed without an offset (the callee of an ARM `f from g` line)")
                    : nil
            }
        }
        for (slot, r) in zip(slots, resolved) {
            if let location = r.location {
                let levels = ([location.innermost] + location.inlinedBy).map {
                    OOMFrameResolution.Level(function: $0.function, file: $0.file, line: $0.line)
                }
                out[slot.report][slot.entry] = OOMFrameResolution(levels: levels, warnings: r.warnings)
            } else {
                out[slot.report][slot.entry] = OOMFrameResolution(levels: [], reason: r.reason ?? "unresolved", warnings: r.warnings)
            }
        }
        return out
    }
}
