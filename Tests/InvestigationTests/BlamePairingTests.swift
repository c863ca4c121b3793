import Captures
import Foundation
@testable import Investigation
import Testing

/// Pairing allocation lines with frees, on synthetic text in the example log's format.
struct BlamePairingTests {
    static let pattern: AllocationEventPattern = {
        guard case .ready(let p) = AllocationEventPattern.compile(
            alloc: "alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)", free: "free (?<addr>0x[0-9a-f]+)") else {
            fatalError("the example patterns compile")
        }
        return p
    }()

    /// A print_trace block whose third frame (the site) is `lib(+0xOFF)`.
    static func block(_ offset: String) -> String {
        """
        Obtained 4 stack frames.
        /lib/libmi_sys.so(print_trace+0xd) [0x3fea45ba]
        /lib/libmi_sys.so(MI_SYS_MMA_Alloc+0xb) [0x3fea4604]
        /lib/libMD_LINUX.so(+\(offset)) [0x3fea7\(offset.dropFirst(2))]
        /customer/mixer(main+0x49) [0x10976]
        """
    }

    @Test("a reused address: each free releases the most recent outstanding allocation of it")
    func reusedAddresses() {
        // A (0x1000) freed, B reuses 0x1000 and leaks; C gets 0x1000 while B is still out
        // (a double hand-out the allocator should never do, but the log says so), the one free
        // after C pairs with C, so B stays outstanding.
        let text = [
            Self.block("0x5ac"), "alloc 0x00001000 size 100 site A",
            "free 0x00001000",
            Self.block("0x5cc"), "alloc 0x00001000 size 200 site B",
            Self.block("0x5f0"), "alloc 0x00001000 size 300 site C",
            "free 0x1000",
            "free 0x00002000",
        ].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text, pattern: Self.pattern)
        #expect(log.blocks.count == 3)
        #expect(log.blocks.map(\.fate) == [.freed, .outstanding, .freed])
        #expect(log.blocks.map(\.size) == [100, 200, 300])
        #expect(log.blocks.allSatisfy { $0.address == "0x1000" })
        #expect(log.allocationLines == 3 && log.freeLines == 3)
        #expect(log.unmatchedFrees == 1, "0x2000 was never allocated")
        #expect(log.untracedAllocations == 0 && log.tracesWithoutAllocation == 0)
    }

    @Test("the ledger pairs in order: free → most recent outstanding, then the one before it")
    func ledgerOrder() {
        var ledger = AllocationLedger()
        ledger.allocate("0x10", id: 1)
        ledger.allocate("0x10", id: 2)
        ledger.allocate("0x20", id: 3)
        #expect(ledger.free("0x10") == 2)
        #expect(ledger.free("0x10") == 1)
        #expect(ledger.free("0x10") == nil)
        #expect(ledger.unmatchedFrees == 1)
        #expect(ledger.outstanding == [3])
    }

    @Test("reused addresses through the report: the site that leaked is the only one outstanding")
    func reportOnReuse() {
        let text = [
            Self.block("0x5ac"), "alloc 0x1000 size 100", "free 0x1000",
            Self.block("0x5ac"), "alloc 0x1000 size 100", "free 0x1000",
            Self.block("0x5cc"), "alloc 0x1000 size 64",
            Self.block("0x5ac"), "alloc 0x2000 size 100", "free 0x2000",
        ].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text, pattern: Self.pattern)
        let report = BlameReport.build(log: log, frames: [], filter: AllocatorFilter())
        #expect(report.rows.map(\.site.raw) == ["/lib/libMD_LINUX.so+0x5cc", "/lib/libMD_LINUX.so+0x5ac"])
        #expect(report.rows.map(\.allocations) == [1, 3])
        #expect(report.rows.map(\.outstanding) == [1, 0])
        #expect(report.rows.map(\.outstandingBytes) == [64, 0])
        #expect(report.leaking.count == 1)
    }

    @Test("an allocation line with no backtrace before it, and a backtrace with no allocation line")
    func untiedLines() {
        let text = [
            "alloc 0x3000 size 7",
            Self.block("0x5ac"),
            "unrelated console noise",
            "alloc 0x4000 size 8",
            "alloc 0x5000 size 9",
            Self.block("0x5cc"),
            "free 0x5000",
        ].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text, pattern: Self.pattern)
        #expect(log.blocks.count == 2)
        #expect(log.blocks[0].address == "0x4000" && log.blocks[0].fate == .outstanding,
                "noise between the block and its line does not untie them")
        #expect(log.blocks[1].fate == .unknown && log.blocks[1].address == nil)
        #expect(log.untracedAllocations == 2)
        #expect(log.untracedOutstanding == 1 && log.untracedOutstandingBytes == 7, "0x5000 was freed, 0x3000 not")
        #expect(log.tracesWithoutAllocation == 1)
    }

    @Test("addresses are compared as numbers: zero padding and case do not matter")
    func normalisedAddresses() {
        #expect(AllocationEvent.normalise("0x0001F000") == "0x1f000")
        #expect(AllocationEvent.normalise("1f000") == "0x1f000")
        #expect(AllocationEvent.normalise("0x0") == "0x0")
        #expect(AllocationEvent.normalise("slot-7") == "slot-7")
        #expect(AllocationEvent.number("4096") == 4096)
        #expect(AllocationEvent.number("0x1000") == 4096)
        #expect(AllocationEvent.number("-5") == nil)
        #expect(AllocationEvent.number("99999999999999999999999") == nil)
    }
}

extension BlamePairingTests {
    /// Sizes are the board's text: two that fit Int64 may not fit summed.
    @Test("outstanding bytes of huge sizes saturate instead of trapping")
    func hugeSizesSaturate() {
        let huge = "9223372036854775807"
        let untraced = ["alloc 0x1 size \(huge)", "alloc 0x2 size \(huge)"].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: untraced, pattern: Self.pattern)
        #expect(log.untracedOutstanding == 2)
        #expect(log.untracedOutstandingBytes == .max)
        var both = log
        both.append(log)
        #expect(both.untracedOutstandingBytes == .max)
        let traced = [Self.block("0x5ac"), "alloc 0x1 size \(huge)", Self.block("0x5ac"), "alloc 0x2 size \(huge)"].joined(separator: "\n")
        let report = BlameReport.build(log: AllocationLogScanner.scan(text: traced, pattern: Self.pattern), frames: [],
                                       filter: AllocatorFilter())
        #expect(report.rows.first?.outstandingBytes == .max)
    }
}

extension BlamePairingTests {
    /// `blame`'s text and the HTML report once had two copies of this line, and the report's
    /// had lost the untraced bytes and the backtraces no allocation line claimed.
    @Test("the pairing summary reads the same in blame's text and in the HTML report")
    func pairingSummaryIsOneLine() throws {
        let text = [
            "alloc 0x3000 size 7",
            Self.block("0x5ac"),
            "alloc 0x4000 size 8",
            Self.block("0x5cc"),
            "free 0x6000",
        ].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text, pattern: Self.pattern)
        let report = BlameReport.build(log: log, frames: [], filter: AllocatorFilter())
        let summary = try #require(log.pairingSummary)
        #expect(summary == "2 allocation lines, 1 free lines; 1 allocations without a backtrace before them (1 outstanding, 7 bytes)"
            + "; 1 backtraces without an allocation line; 1 frees of addresses not outstanding")
        #expect(report.text().last == summary)
        let page = HTMLReport.render(InvestigationReport(blame: ReportBlame(report: report)))
        #expect(page.contains("<p class=\"meta\">\(summary)</p>"))
        #expect(AllocationLog().pairingSummary == nil, "no pairing, no line")
        // The verdict under blame's table is in the report too.
        let verdict = report.verdict().filter { !$0.isEmpty }
        #expect(verdict.contains { $0.hasPrefix("never freed: ") })
        for line in verdict {
            #expect(report.text().contains(line))
            #expect(page.contains("<p class=\"verdict\">\(HTMLText.escape(line))</p>"), "\(line)")
        }
    }
}
