import Testing
import Foundation
@testable import Investigation
import Captures

/// Step 3: two MMA heap dumps; the owner that gained chunks, with exact counts and bytes.
@Suite struct CompareHeapTests {
    /// Independent reading: the last `each chunk info:` block of a text → owner → (chunks, bytes)
    /// of used chunks.
    static func owners(_ text: String, last: Bool) -> [String: (Int, UInt64)] {
        let blocks = text.components(separatedBy: "each chunk info:").dropFirst()
        let block = last ? blocks.last! : blocks.first!
        let body = block.components(separatedBy: "mma heap name").first!
        var out: [String: (Int, UInt64)] = [:]
        for line in body.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count == 4, f[2] == "1", let len = UInt64(f[1], radix: 16) else { continue }
            let v = out[String(f[3]), default: (0, 0)]
            out[String(f[3])] = (v.0 + 1, v.1 + len)
        }
        return out
    }

    @Test func ownerThatGainedChunksComesFirstWithExactNumbers() throws {
        let beforePath = InvestigationFixture.seedPath("mma-heap-start.txt")
        let afterPath = InvestigationFixture.seedPath("mma-heap-leak.txt")
        let before = try CaptureFile.capture(path: beforePath)
        let after = try CaptureFile.capture(path: afterPath)
        let c = Comparison.compute(before: ComparisonSide(try #require(before.samples.first)),
                                   after: ComparisonSide(try #require(after.samples.last)))
        let heap = try #require(c.heaps.first)
        #expect(heap.heap == "mma_heap_name0")
        let b = Self.owners(try InvestigationFixture.text(beforePath), last: false)
        let a = Self.owners(try InvestigationFixture.text(afterPath), last: true)
        let top = try #require(heap.owners.first)
        #expect(top.owner == "app-mmaAlloc")
        #expect(top.beforeChunks == b["app-mmaAlloc"]!.0)
        #expect(top.afterChunks == a["app-mmaAlloc"]!.0)
        #expect(top.beforeBytes == b["app-mmaAlloc"]!.1)
        #expect(top.afterBytes == a["app-mmaAlloc"]!.1)
        #expect(top.deltaBytes == Int64(a["app-mmaAlloc"]!.1) - Int64(b["app-mmaAlloc"]!.1))
        #expect(top.afterChunks - top.beforeChunks == 5)
        // A new owner appears with zero before; free chunks (NA) own nothing.
        let vdf = try #require(heap.owners.first { $0.owner == "vdf_CalcRst_task" })
        #expect(vdf.beforeChunks == 0)
        #expect(vdf.afterChunks == 1)
        #expect(!heap.owners.contains { $0.owner == "NA" })
        #expect(c.nextStep.contains("app-mmaAlloc"))
        #expect(c.verdict.summary.contains("app-mmaAlloc"))
    }

    @Test func heapJsonShape() throws {
        let before = try CaptureFile.capture(path: InvestigationFixture.seedPath("mma-heap-start.txt"))
        let after = try CaptureFile.capture(path: InvestigationFixture.seedPath("mma-heap-leak.txt"))
        let c = Comparison.compute(before: ComparisonSide(before.samples[0]), after: ComparisonSide(after.samples[1]))
        let obj = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(c)) as! [String: Any]
        let heap = (obj["heaps"] as! [[String: Any]])[0]
        #expect(Set(heap.keys) == ["heap", "owners"])
        let owner = (heap["owners"] as! [[String: Any]])[0]
        #expect(Set(owner.keys) == ["owner", "before_chunks", "after_chunks", "before_bytes", "after_bytes", "delta_bytes"])
    }
}
