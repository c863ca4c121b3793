import Testing
@testable import Shell

@Suite struct PasteRecognizerTests {
    let recognizer = PasteRecognizer()

    @Test func seedOOMReportIsATraceAndADump() throws {
        let text = try Fixtures.text("seed-oom-report.txt")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(recognizer.kind(of: lines[0]) == .oomReport)
        // Every `[<a>] (f) from [<b>] (g+off/size)` line of the seed's call trace is a kernel frame.
        let frameLines = lines.filter { $0.hasPrefix("[<") }
        #expect(frameLines.count == 16)
        for line in frameLines { #expect(recognizer.kind(of: line) == .kernelTrace, "\(line)") }
        // The `CPU:`/`Hardware name:` lines say nothing by themselves.
        #expect(recognizer.kind(of: lines[1]) == nil)
        let kinds = recognizer.kinds(in: text)
        #expect(kinds == [.oomReport, .kernelTrace])
        // One report: header, two other lines, then the call trace.
        #expect(recognizer.traceBlockCount(in: text) == 1)
        #expect(recognizer.traceBlockCount(in: text + "\n" + text) == 2)
        let paste = PastedText(text: text, kinds: kinds)
        #expect(paste.hasTrace && paste.hasDump)
    }

    @Test func printTraceBlockFromTheMethod() throws {
        let lines = try Fixtures.lines("method-print-trace.txt")
        #expect(lines.allSatisfy { recognizer.kind(of: $0) == .userBacktrace })
        #expect(recognizer.traceBlockCount(in: lines.joined(separator: "\n")) == 1)
        // Two blocks back to back count twice.
        let twice = (lines + lines).joined(separator: "\n")
        #expect(recognizer.traceBlockCount(in: twice) == 2)
    }

    @Test func dumpsFromTheSeedAndFromThisMachine() throws {
        #expect(recognizer.kind(of: try Fixtures.lines("seed-meminfo-head.txt")[0]) == .meminfo)
        #expect(recognizer.kind(of: try Fixtures.lines("machine-meminfo-head.txt")[0]) == .meminfo)
        let seedSlab = try Fixtures.lines("seed-slabinfo-head.txt")
        #expect(recognizer.kind(of: seedSlab[0]) == .slabinfo)
        #expect(recognizer.kind(of: seedSlab[1]) == .slabinfo)
        #expect(recognizer.kind(of: try Fixtures.lines("machine-slabinfo-head.txt")[0]) == .slabinfo)
        let seedFree = try Fixtures.lines("seed-free-lines.txt")
        #expect(seedFree.allSatisfy { recognizer.kind(of: $0) == .free })
        let machineFree = try Fixtures.lines("machine-free.txt")
        #expect(machineFree.allSatisfy { recognizer.kind(of: $0) == .free })
    }

    @Test func vendorHeapHeader() {
        let header = "                 mma heap name        heap_base_cpu_bus_addr                        length               chunk_mgr_avail"
        #expect(recognizer.kind(of: header) == .mmaHeap)
    }

    @Test func consoleDecorationsAreIgnored() {
        #expect(recognizer.kind(of: "[  123.456789] venc0_P0_MAIN invoked oom-killer: gfp_mask=0x26040c0") == .oomReport)
        #expect(recognizer.kind(of: "<4>[ 12.5] [<c0011521>] (unwind_backtrace) from [<c000fcc7>] (show_stack+0xb/0xc)\r") == .kernelTrace)
        #expect(recognizer.kind(of: "MemTotal:       44792 kB\r") == .meminfo)
    }

    @Test(arguments: ["help", "show page-size", "set gdb /usr/bin/gdb-multiarch", "trend log.txt --json",
                      "hello world", "Mem: is low", "0x1234", ""])
    func commandsAndProseAreNotPastes(line: String) {
        #expect(recognizer.kind(of: line) == nil)
    }
}
