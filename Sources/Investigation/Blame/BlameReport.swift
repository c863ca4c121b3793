/// Who allocates and never frees: allocation backtraces grouped by allocation site, ranked by
/// outstanding bytes, then by allocations.
public struct BlameReport: Sendable, Equatable {
    public var rows: [BlameSiteRow]
    /// The counts behind the table (lines matched, allocations without a trace, …).
    public var log: AllocationLog

    public init(rows: [BlameSiteRow], log: AllocationLog) {
        self.rows = rows
        self.log = log
    }

    /// Groups `log.blocks` by site. `frames[i]` is block i's frames with their resolution (same
    /// count and order as `log.blocks[i].frames`).
    public static func build(log: AllocationLog, frames: [[BlameFrame]], filter: AllocatorFilter) -> BlameReport {
        struct Tally {
            var row: BlameSiteRow
            var exampleIsOutstanding = false
        }
        var tallies: [AllocationSite.Key: Tally] = [:]
        var order: [AllocationSite.Key] = []
        for (index, block) in log.blocks.enumerated() {
            let stack = index < frames.count ? frames[index] : block.frames.map { BlameFrame(frame: $0) }
            guard let site = filter.site(in: stack) else { continue }
            let key = site.key
            if tallies[key] == nil {
                order.append(key)
                tallies[key] = Tally(row: BlameSiteRow(site: site, allocations: 0, outstanding: nil, outstandingBytes: nil,
                                                       example: stack, exampleLine: block.inputLine, sources: []))
            }
            var tally = tallies[key]!
            tally.row.allocations += block.count
            if !tally.row.sources.contains(block.source) { tally.row.sources.append(block.source) }
            if block.fate != .unknown { tally.row.outstanding = tally.row.outstanding ?? 0 }
            if block.fate == .outstanding {
                tally.row.outstanding! += block.count
                if let size = block.size {
                    tally.row.outstandingBytes = (tally.row.outstandingBytes ?? 0).saturatingAdding(size.saturatingMultiplied(by: Int64(block.count)))
                }
                if !tally.exampleIsOutstanding {
                    // Show a stack that leaked, not one that was freed.
                    tally.exampleIsOutstanding = true
                    tally.row.example = stack
                    tally.row.exampleLine = block.inputLine
                }
            }
            tallies[key] = tally
        }
        var rows: [BlameSiteRow] = order.map { key in
            var row = tallies[key]!.row
            // Nothing outstanding is zero bytes, known; outstanding without sizes stays unknown.
            if row.outstanding == 0 { row.outstandingBytes = 0 }
            return row
        }
        rows.sort(by: ranksBefore)
        return BlameReport(rows: rows, log: log)
    }

    /// Outstanding bytes (unknown last), then allocations, then outstanding count, then the
    /// site's text for a stable order.
    static func ranksBefore(_ a: BlameSiteRow, _ b: BlameSiteRow) -> Bool {
        let ab = a.outstandingBytes ?? -1, bb = b.outstandingBytes ?? -1
        if ab != bb { return ab > bb }
        if a.allocations != b.allocations { return a.allocations > b.allocations }
        let ao = a.outstanding ?? -1, bo = b.outstanding ?? -1
        if ao != bo { return ao > bo }
        return a.site.text < b.site.text
    }

    /// Rows with something outstanding.
    public var leaking: [BlameSiteRow] { rows.filter { ($0.outstanding ?? 0) > 0 } }
}
