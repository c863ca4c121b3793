import Captures
import Foundation
import Symbolication
import Testing

/// `TraceInputScan` parses each distinct line once and shares the result among its repeats:
/// that must give exactly what parsing every line with the plain scanner gives.
@Suite struct TraceInputScanTests {
    /// Every line through the plain scanner (no table), numbered as the scan numbers them.
    static func plainFrames(_ text: String) -> (frames: [TraceFrame], annotateAfter: [Int]) {
        var scanner = TraceFrameScanner()
        var frames: [TraceFrame] = [], after: [Int] = []
        var matches: [TraceLineMatch] = []
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            matches += scanner.feed(bytes: Array(line))
        }
        matches += scanner.finish()
        for match in matches {
            frames += match.frames
            after += Array(repeating: match.lastLineNumber, count: match.frames.count)
        }
        return (frames, after)
    }

    @Test("repeated real logs: the shared parse equals a parse of every line",
          arguments: ["print_trace.log", "print_trace_oldlibc.log", "print_trace_pie.log", "oom_arm.log",
                      "oom_arm6.log", "oom_x86_64.log", "oom_arm64.log"])
    func sharedParseEqualsPlainParse(log: String) throws {
        let one = try ExampleFixtures.text(log)
        // Three copies: the second and third come from the table.
        let text = one + "\n" + one + "\n" + one
        let scan = TraceInputScan.scan(text: text)
        let plain = Self.plainFrames(text)
        #expect(scan.frames.count == plain.frames.count && !scan.frames.isEmpty)
        // The arm64 PC-repeat marking is the scan's own addition: compare everything else.
        func unmarked(_ frames: [TraceFrame]) -> [TraceFrame] {
            frames.map { var copy = $0; copy.isProgramCounter = false; return copy }
        }
        #expect(unmarked(scan.frames) == unmarked(plain.frames))
        #expect(scan.annotateAfter == plain.annotateAfter)
        // Each copy is numbered as its own lines: the third copy's frames are past the second.
        let lineCount = one.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect((scan.frames.last?.inputLine ?? 0) > 2 * lineCount)
        let once = TraceInputScan.scan(text: one)
        #expect(scan.frames.filter(\.isProgramCounter).count == 3 * once.frames.filter(\.isProgramCounter).count)
    }

    @Test("maps lines and Call trace headers are found on repeated lines too")
    func mapsAndHeadersRepeat() {
        let maps = "3fea7000-3feaa000 r-xp 00000000 08:01 1234       /lib/libMD_LINUX.so"
        let text = [maps, "Call trace:", " dump_backtrace+0x0/0x1e0", maps, "call Trace:", maps].joined(separator: "\n")
        let scan = TraceInputScan.scan(text: text)
        #expect(scan.maps.map(\.line) == [1, 4, 6])
        #expect(scan.maps.allSatisfy { $0.path == "/lib/libMD_LINUX.so" && $0.start == 0x3fea7000 })
        #expect(scan.frames.map(\.inputLine) == [3])
    }

    @Test("a log of distinct lines gives the same frames as with the table")
    func distinctLines() {
        let lines = (0..<3000).map { "/lib/libbig.so(+0x\(String(0x1000 + 4 * $0, radix: 16))) [0x\(String(0x40001000 + 4 * $0, radix: 16))]" }
        let text = lines.joined(separator: "\n")
        let scan = TraceInputScan.scan(text: text)
        #expect(scan.frames == Self.plainFrames(text).frames)
        #expect(scan.frames.count == 3000 && scan.frames.last?.offset == UInt64(0x1000 + 4 * 2999))
    }
}
