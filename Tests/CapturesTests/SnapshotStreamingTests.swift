import Testing
import TestSupport
@testable import Captures

/// What real console logs do to a capture, and the streaming contract: the same bytes in any
/// chunking give the same samples.
@Suite struct SnapshotStreamingTests {
    /// Two loop iterations as a serial terminal recorded them: CRLF, colour escapes, a kernel
    /// message inside the meminfo dump and inside the slabinfo dump, a bell, a non-UTF-8 byte.
    static let hostileLog: [UInt8] = {
        var s = ""
        for (i, free) in [(1, 5000), (2, 4000)] {
            s += "\u{1B}[1;32mroot@board:~# \u{1B}[0m./loop.sh\r\n"
            s += "### slabhound sample \(i) t=\(1_764_190_000 + i * 10) up=\(100 + i * 10).5\r\n"
            s += "MemTotal:          44792 kB\r\n\r\n"
            s += "MemFree:           \(free) kB\r\n"
            s += "[  \(100 + i * 10).123456] mi_sys: ringpool full\r\n"
            s += "Slab:              \(14000 + i * 100) kB\r\n"
            s += "SUnreclaim:        \(12000 + i * 100) kB\r\n"
            s += "slabinfo - version: 2.1\r\n"
            s += "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\r\n"
            s += "g_mi_sys_chunk_cachep 27 28 16384 2 8 : tunables 0 0 0 : slabdata \(10 * i) \(10 * i) 0\r\n"
            s += "<4>[  \(100 + i * 10).2] Call trace:\r\n"
            s += "\u{1B}[31mkmalloc-64\u{1B}[0m 10491 10500 320 12 1 : tunables 0 0 0 : slabdata 875 \(875 + i) 0\u{07}\r\n"
            s += "              total        used        free      shared  buff/cache   available\r\n"
            s += "Mem:          44792       40000        \(free)          12         100        \(free + 50)\r\n"
        }
        var bytes = Array(s.utf8)
        // A stray Latin-1 byte (not UTF-8) in the prose line of the first iteration.
        bytes.insert(0xE9, at: 20)
        return bytes
    }()

    static func parse(_ bytes: [UInt8], chunk: Int) -> [CaptureSample] {
        let seg = CaptureSegmenter()
        var out: [CaptureSample] = []
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            bytes[i..<end].withUnsafeBytes { seg.feed($0) { out.append($0) } }
            i = end
        }
        seg.finish { out.append($0) }
        return out
    }

    @Test func hostileLogParsesToTheRightValues() throws {
        let samples = Self.parse(Self.hostileLog, chunk: 1 << 20)
        #expect(samples.count == 2)
        #expect(samples.map { $0.meminfo?["MemFree"] } == [5000, 4000])
        #expect(samples.map { $0.meminfo?["SUnreclaim"] } == [12100, 12200])
        #expect(samples.map { $0.meminfo?.fields.count } == [4, 4])
        #expect(samples.map { $0.slabinfo?.rows.map(\.name) } == [["g_mi_sys_chunk_cachep", "kmalloc-64"], ["g_mi_sys_chunk_cachep", "kmalloc-64"]])
        #expect(samples.map { $0.slabinfo?.rows.last?.numSlabs } == [876, 877])
        #expect(samples.map { $0.free?.available } == [5050, 4050])
        #expect(samples.map { $0.timestamp?.seconds } == [1_764_190_010, 1_764_190_020])
    }

    @Test func everyChunkSizeGivesTheSameSamples() {
        let whole = Self.parse(Self.hostileLog, chunk: Self.hostileLog.count)
        #expect(whole.count == 2)
        for size in 1...Self.hostileLog.count {
            let split = Self.parse(Self.hostileLog, chunk: size)
            if split != whole {
                Issue.record("chunk size \(size) gives different samples")
                return
            }
        }
    }

    @Test func crlfSplitAcrossChunksCountsAsOneLineEnd() {
        let seg = CaptureSegmenter()
        _ = seg.feed(Array("MemTotal: 1 kB\r".utf8))
        _ = seg.feed(Array("\nMemFree: 2 kB\r\n".utf8))
        let s = seg.finish()
        #expect(seg.linesRead == 2)
        #expect(s.first?.meminfo?.fields.map(\.value) == [1, 2])
    }

    @Test func loneCarriageReturnsEndLines() {
        let c = Capture.parse("MemTotal: 1 kB\rMemFree: 2 kB\rMemTotal: 1 kB\rMemFree: 3 kB\r")
        #expect(c.samples.map { $0.meminfo?["MemFree"] } == [2, 3])
    }

    @Test func dumpCutInHalfEndsItsSampleAndTheNextOneParses() throws {
        var text = try SnapshotFixture.text("seed-snapshot-start.txt")
        text = String(text.prefix(text.count / 2))  // slabinfo cut mid-row
        text += try SnapshotFixture.text("seed-snapshot-leak.txt")
        let c = Capture.parse(text)
        #expect(c.samples.count == 2)
        #expect(c.samples[0].meminfo?["MemFree"] == 7904)
        #expect(c.samples[0].free == nil)
        #expect(c.samples[1].meminfo?["MemFree"] == 2036)
        #expect(c.samples[1].slabinfo?.rows.count == c.samples[1].slabinfo?.rows.count)
        #expect(c.samples[1].free?.free == 1004)
    }

    @Test func truncationAtEveryByteNeverCrashesAndNeverInventsSamples() {
        let log = Self.hostileLog
        for cut in stride(from: 0, through: log.count, by: 1) {
            let samples = Self.parse(Array(log[0..<cut]), chunk: 97)
            #expect(samples.count <= 2)
            // A cut inside the last line can only shorten its number (the input ends there), never
            // produce a value that was not printed.
            for s in samples {
                if let total = s.meminfo?["MemTotal"] { #expect("44792".hasPrefix(String(total))) }
            }
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix(seed: 0x5eed)
        for round in 0..<40 {
            var bytes = [UInt8](repeating: 0, count: 4096 + round * 512)
            for i in bytes.indices {
                // Bias towards the bytes the parsers care about.
                let r = rng.next()
                let pick: [UInt8] = [0x0A, 0x0D, 0x1B, 0x5B, 0x3A, 0x20, 0x30, 0x39, 0x23, 0xFF, 0x00]
                bytes[i] = r % 3 == 0 ? pick[Int(r >> 8) % pick.count] : UInt8(truncatingIfNeeded: r >> 16)
            }
            // And splice in real line starts so recognisers get past their first checks.
            bytes += Array("MemTotal: 5 kB\nMem: 1 2\nslabinfo - version: 2.1\nx 1 2 3 4 5 : tunables 0 0 : slabdata\n".utf8)
            let seg = CaptureSegmenter(options: .init(maxLineLength: 300, skipLimit: 10))
            var n = 0
            bytes.withUnsafeBytes { seg.feed($0) { _ in n += 1 } }
            seg.finish { _ in n += 1 }
            #expect(seg.skipped.count <= 10)
            #expect(seg.bytesRead == bytes.count)
        }
    }

    @Test func overlongLineIsDroppedAndCounted() {
        let seg = CaptureSegmenter(options: .init(maxLineLength: 1024))
        var s: [CaptureSample] = []
        s += seg.feed(Array("MemTotal: 1 kB\n".utf8))
        for _ in 0..<100 { s += seg.feed([UInt8](repeating: 0x41, count: 1000)) }
        s += seg.feed(Array("\nMemFree: 2 kB\n".utf8))
        s += seg.finish()
        #expect(seg.skippedCounts[.lineTooLong] == 1)
        #expect(s.first?.meminfo?.fields.map(\.name) == ["MemTotal", "MemFree"])
    }

    @Test func pastedDumpsCanBeAppendedAndPeekedAt() {
        let reader = CaptureReader()
        reader.append("MemTotal: 10 kB\nMemFree: 5 kB\n")
        #expect(reader.snapshot.samples.count == 1)
        reader.append("MemTotal: 10 kB\nMemFree: 4 kB\n")
        #expect(reader.snapshot.samples.map { $0.meminfo?["MemFree"] } == [5, 4])
        let c = reader.finish()
        #expect(c.samples.map(\.index) == [0, 1])
    }
}
