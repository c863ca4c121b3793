import Foundation
import Testing
@testable import Captures

/// Inputs the fuzz targets (Fuzz/CapturesSnapshotsFuzz.swift, Fuzz/InvestigationFuzz.swift)
/// found, kept as regression cases.
@Suite struct HardeningCapturesTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hardening/\(name)")
        return Array(try Data(contentsOf: url))
    }

    /// A slabinfo row with the six numbers but no name before them (`1 2 3 4 5 : tunables …`):
    /// the segmenter read `tokEnd[-1]` — outside its token buffer (AddressSanitizer:
    /// heap-buffer-overflow in CaptureSegmenter.slabName). Now the row is malformed and skipped.
    @Test("a slabinfo row without a name is skipped, not read out of bounds")
    func slabRowWithoutName() throws {
        let bytes = try Self.fixture("slab-row-without-name.txt")
        let capture = Capture.parse(bytes: bytes)
        let rows = capture.samples.flatMap { $0.slabinfo?.rows ?? [] }
        #expect(rows.map(\.name) == ["kmalloc-64"])
        #expect(capture.skippedCounts[.malformedSlabinfo] == 1)
        // The same at every cut of the stream.
        for cut in 0...bytes.count {
            let reader = CaptureReader()
            reader.append(Array(bytes[..<cut]))
            reader.append(Array(bytes[cut...]))
            #expect(reader.finish() == capture, "cut at \(cut)")
        }
    }
}
