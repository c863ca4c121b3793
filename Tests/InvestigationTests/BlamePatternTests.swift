import Foundation
import Investigation
import Testing

/// `--alloc`/`--free` patterns are user input and the lines are the board's: bad patterns are
/// reported, odd lines are skipped, nothing crashes.
struct BlamePatternTests {
    static func problem(_ alloc: String, _ free: String) -> String? {
        if case .invalid(let message) = AllocationEventPattern.compile(alloc: alloc, free: free) { return message }
        return nil
    }

    static func ready(_ alloc: String, _ free: String) throws -> AllocationEventPattern {
        guard case .ready(let p) = AllocationEventPattern.compile(alloc: alloc, free: free) else {
            throw CocoaError(.featureUnsupported)
        }
        return p
    }

    @Test("a pattern without an addr group, an invalid one, an empty one are refused with the reason")
    func refused() {
        #expect(Self.problem("alloc (?<adr>0x[0-9a-f]+)", "free (?<addr>.+)")?.contains("named group") == true)
        #expect(Self.problem("alloc (0x[0-9a-f]+)", "free (?<addr>.+)")?.contains("--alloc") == true)
        #expect(Self.problem("alloc (?<addr>.+)", "free (.+)")?.contains("--free") == true)
        #expect(Self.problem("alloc ((?<addr>", "free (?<addr>.+)")?.contains("not a valid regular expression") == true)
        #expect(Self.problem("", "free (?<addr>.+)")?.contains("empty") == true)
        // A comment in (?x) mode cannot hide the check.
        #expect(Self.problem("(?x) alloc (?<adr>\\S+) # (?<addr>", "free (?<addr>.+)") != nil)
        // "addr" inside a literal or a class is not a group.
        #expect(Self.problem("alloc \\(\\?<addr>x\\)", "free (?<addr>.+)") != nil)
        #expect(Self.problem("alloc [(?<addr>]", "free (?<addr>.+)") != nil)
        #expect(Self.problem("(?x) alloc (?<addr> \\S+ ) # a comment", "free (?<addr>.+)") == nil)
    }

    @Test("hostile lines: optional groups that did not take part, non-numeric sizes, huge lines, control bytes")
    func hostileLines() throws {
        let p = try Self.ready("alloc(?: (?<addr>0x[0-9a-f]+))?(?: size (?<size>\\S+))?", "free (?<addr>\\S+)")
        #expect(p.event(in: "alloc", lineNumber: 1) == nil, "no address, no event")
        let noSize = p.event(in: "alloc 0x10 size lots", lineNumber: 2)
        #expect(noSize?.address == "0x10" && noSize?.size == nil)
        let both = p.event(in: "alloc 0x20 size 8 free 0x30", lineNumber: 3)
        #expect(both?.kind == .alloc, "a line matching both is an allocation")
        let long = String(repeating: "x", count: 100_000) + " free 0x40"
        #expect(p.event(in: long, lineNumber: 4) == nil, "matched on the first 4 KiB only")
        let control = p.event(in: "\u{1b}[0mfree \u{7}0x50\r", lineNumber: 5)
        #expect(control?.kind == .free && control?.address == "\u{7}0x50", "\\S+ stops at the CR")
        let text = ["alloc 0xzz", String(repeating: "(", count: 10_000), "free", "\u{0}\u{0}", "free 0x60"].joined(separator: "\n")
        let log = AllocationLogScanner.scan(text: text, pattern: p)
        #expect(log.allocationLines == 0 && log.freeLines == 1 && log.unmatchedFrees == 1)
    }

    @Test("a size group in hex is read as hex")
    func hexSize() throws {
        let p = try Self.ready("A (?<addr>\\w+) (?<size>0x[0-9a-f]+)", "F (?<addr>\\w+)")
        #expect(p.event(in: "A 0x10 0x200", lineNumber: 1)?.size == 512)
    }
}
