import Captures
import Foundation
import Investigation
import Symbolication

extension ReportCommand {
    /// Resolved frames: per allocation block (same shape as the blocks), and per OOM report
    /// per call-trace entry (nil when nothing was symbolized).
    struct Resolved {
        var blocks: [[BlameFrame]]
        var oom: [[OOMFrameResolution?]]?
    }

    /// One gdb for every frame of the report: allocation backtraces and OOM call traces.
    /// Without symbols (or gdb) the frames stay as printed — blame then groups by module+offset.
    func resolve(blocks: [AllocationBlock], ooms: [OOMReport], maps: [MappedRegion], symbolPaths: [String],
                 diagnostics: Diagnostics) async -> Resolved {
        let unresolved = Resolved(blocks: AllocationAnalysis.unresolved(blocks), oom: nil)
        let blockFrames = blocks.flatMap(\.frames)
        let oomFrames = OOMCallTraceFrames(ooms)
        guard !symbolPaths.isEmpty, !blockFrames.isEmpty || !oomFrames.frames.isEmpty else { return unresolved }
        let resolution: AllocationAnalysis.Resolution
        do {
            var options = symbols
            options.symbolPaths = symbolPaths
            resolution = try await AllocationAnalysis.resolve(blocks, extra: oomFrames.frames, maps: maps, symbols: options,
                                                              diagnostics: diagnostics)
            diagnostics.warn(resolution.summary)
        } catch {
            diagnostics.warn("cannot symbolize (\(error)); frames stay as module+offset")
            return unresolved
        }
        return Resolved(blocks: resolution.blocks, oom: oomFrames.resolutions(resolution.extra))
    }

    /// The blame table with each site's source lines (when the file is on disk) and, with
    /// --git-blame, who last changed the line.
    func blameSection(_ built: BlameReport, inputs: [ReportBlame.Input], diagnostics: Diagnostics) -> ReportBlame {
        let finder = GitBlameFinder(locator: pairing.locator)
        var sources: [AllocationSite.Key: [ReportBlame.SourceLine]] = [:]
        var notes: [AllocationSite.Key: String] = [:]
        for row in built.rows.prefix(HTMLReport.blameRows) {
            let site = row.site
            guard let line = site.location?.line else { continue }
            if sources[site.key] == nil, let path = finder.path(for: site) {
                sources[site.key] = Self.sourceLines(path: path, around: line, context: 3)
            }
            if pairing.gitBlame, notes[site.key] == nil, let found = finder.blame(site, diagnostics: diagnostics) {
                notes[site.key] = found.text(date: GitBlameFinder.date(found.authorTime))
            }
        }
        return ReportBlame(report: built, sources: sources, notes: notes, inputs: inputs)
    }

    /// Lines `line - context … line + context` of a text file (a few MB at most are read: a
    /// path from debug info can name anything, and only regular files are opened).
    static func sourceLines(path: String, around line: Int, context: Int) -> [ReportBlame.SourceLine] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= 16 << 20,
              let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let low = max(1, line - context), high = min(lines.count, line + context)
        guard low <= high else { return [] }
        return (low...high).map { n in
            var text = String(lines[n - 1])
            if text.hasSuffix("\r") { text.removeLast() }
            return ReportBlame.SourceLine(number: n, text: text)
        }
    }
}
