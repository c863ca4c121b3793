import Testing
@testable import Captures

/// The vendor's MMA heap dump (`mma_heap_name0`), right-aligned hex columns, as the seed's
/// step-3 loop printed it: a banner and a dump every 5 s, blank line between every line.
@Suite struct SnapshotHeapTests {
    @Test func heapDumpsAreOneSampleEach() throws {
        let capture = Capture.parse(bytes: try SnapshotFixture.bytes("mma-heap-leak.txt"))
        #expect(capture.samples.count == 2)
        let heap = try #require(capture.samples.last?.heap(named: "mma_heap_name0"))
        #expect(heap.base == 0x21c00000)
        #expect(heap.length == 0x1e00000)
        #expect(heap.chunkManagerAvail == 0x18b5c00)
        // Independent reading of the last dump's chunk rows: 4 columns, third is 0/1.
        let text = try SnapshotFixture.text("mma-heap-leak.txt")
        let lastDump = text.components(separatedBy: "each chunk info:").last!
        let lines: [[Substring]] = lastDump.split(separator: "\n").map { $0.split(separator: " ") }
        let rows = lines.filter { (f: [Substring]) -> Bool in f.count == 4 && (f[2] == "0" || f[2] == "1") }
        #expect(heap.chunks.count == rows.count)
        #expect(heap.chunks.map(\.task) == rows.map { String($0[3]) })
        #expect(heap.chunks.map(\.length) == rows.map { UInt64($0[1], radix: 16)! })
        #expect(heap.chunks.filter { $0.task == "app-mmaAlloc" }.count == 7)
        #expect(heap.chunks.last?.used == false)
    }

    @Test func twoHeapsInOneIterationStayInOneSample() throws {
        let one = try SnapshotFixture.text("mma-heap-start.txt").components(separatedBy: "####").filter { $0.contains("mma") }
        let first = one[0]
        let second = first.replacingOccurrences(of: "mma_heap_name0", with: "mma_heap_name1")
        let capture = Capture.parse("MemTotal: 100 kB\n" + first + second + "MemTotal: 100 kB\n" + first + second)
        #expect(capture.samples.count == 2)
        #expect(capture.samples.map { $0.heaps.map(\.name) } == [["mma_heap_name0", "mma_heap_name1"], ["mma_heap_name0", "mma_heap_name1"]])
    }
}
