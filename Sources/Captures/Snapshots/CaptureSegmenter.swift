#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Cuts a console log into samples — one iteration of the board's capture loop each — while it
/// streams in. Feed it bytes in chunks of any size; it hands back each sample as soon as the next
/// one begins, and keeps only the sample in progress, one partial line (bounded) and a bounded
/// list of skipped lines, so memory does not grow with the log.
///
/// A sample ends when the loop visibly starts over: a collector marker, a section whose kind
/// the sample already holds (a second `MemTotal:`, a second `Mem:` line, a second heap of the
/// same name), or a section that comes earlier in the loop than the last one seen (timestamp <
/// meminfo < slabinfo < free < heap dumps < alloc_calls). Lines it does not recognise —
/// kernel messages, shell echoes, prose — are skipped and the parse goes on; they do not end a
/// dump, so kernel lines printed in the middle of a slabinfo dump do no harm.
public final class CaptureSegmenter {
    public struct Options: Sendable {
        /// Lines longer than this are cut and dropped (`.lineTooLong`).
        public var maxLineLength: Int
        /// How many skipped lines are kept with their text; all are counted.
        public var skipLimit: Int
        /// Raw alloc_calls lines kept per cache and sample.
        public var allocCallsLimit: Int

        public init(maxLineLength: Int = 16 * 1024, skipLimit: Int = 200, allocCallsLimit: Int = 10_000) {
            self.maxLineLength = max(256, maxLineLength)
            self.skipLimit = max(0, skipLimit)
            self.allocCallsLimit = max(0, allocCallsLimit)
        }
    }

    public let options: Options
    /// The first `options.skipLimit` skipped lines.
    public private(set) var skipped: [CaptureSkip] = []
    /// Every skipped line, counted by reason.
    public private(set) var skippedCounts: [CaptureSkip.Reason: Int] = [:]
    public private(set) var bytesRead: Int = 0
    /// Lines seen so far (LF, CRLF and lone CR all end a line).
    @exclusivity(unchecked) public private(set) var linesRead: Int = 0
    public private(set) var samplesEmitted: Int = 0

    // Partial line carried over between chunks, and a scratch line for cleaning.
    let carry: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) var carryCount = 0
    @exclusivity(unchecked) var carryOverflow = false
    @exclusivity(unchecked) var pendingCR = false
    let scratch: UnsafeMutablePointer<UInt8>
    // Token boundaries of the current line.
    static let maxTokens = 64
    let tokStart: UnsafeMutablePointer<Int>
    let tokEnd: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) var tokCount = 0

    // Sample in progress. meminfo fields and slab rows are gathered here, outside `sample`, and
    // moved into it when the sample ends: appending through `sample.slabinfo!.rows` costs an
    // access check and a nested optional per row. `@exclusivity(unchecked)`: the segmenter is
    // used from one thread and never re-entered; the dynamic checks cost ~10% of ingest.
    @exclusivity(unchecked) var sample = CaptureSample()
    @exclusivity(unchecked) var sampleHasContent = false
    @exclusivity(unchecked) var lastKind: SectionKind?
    @exclusivity(unchecked) var meminfoFields: [Meminfo.Field] = []
    @exclusivity(unchecked) var meminfoOpen = false
    @exclusivity(unchecked) var slabRows: [SlabCache] = []
    @exclusivity(unchecked) var slabOpen = false
    @exclusivity(unchecked) var slabSectionVersion: String?
    @exclusivity(unchecked) var emit: ((CaptureSample) -> Void)?

    // Section state that survives noise lines (and, for formats, sample boundaries).
    var slabVersion: String?
    var slabMajor = 2
    var freeColumns: [FreeColumn]?
    @exclusivity(unchecked) var heapState = HeapState.none
    @exclusivity(unchecked) var allocCallsCache: String?
    var sawMarkers = false
    var expectEpochLine = false
    // Names seen in the previous sample, reused so a dump's names are not re-allocated each time.
    @exclusivity(unchecked) var previousSlabNames: [String] = []
    @exclusivity(unchecked) var previousMeminfoNames: [String] = []
    @exclusivity(unchecked) var meminfoInOrder = true
    @exclusivity(unchecked) var slabNameCursor = 0

    public init(options: Options = Options()) {
        self.options = options
        carry = .allocate(capacity: options.maxLineLength + 1)
        scratch = .allocate(capacity: options.maxLineLength + 1)
        tokStart = .allocate(capacity: Self.maxTokens)
        tokEnd = .allocate(capacity: Self.maxTokens)
    }

    deinit {
        carry.deallocate()
        scratch.deallocate()
        tokStart.deallocate()
        tokEnd.deallocate()
    }

    /// Feeds a chunk; `emit` receives every sample completed by it.
    public func feed(_ bytes: UnsafeRawBufferPointer, emit: (CaptureSample) -> Void) {
        withoutActuallyEscaping(emit) { e in
            self.emit = e
            defer { self.emit = nil }
            split(bytes)
        }
    }

    /// Feeds a chunk and returns the samples it completed.
    public func feed(_ bytes: UnsafeRawBufferPointer) -> [CaptureSample] {
        var out: [CaptureSample] = []
        feed(bytes) { out.append($0) }
        return out
    }

    public func feed(_ bytes: [UInt8]) -> [CaptureSample] {
        bytes.withUnsafeBytes { feed($0) }
    }

    public func feed(_ text: String) -> [CaptureSample] {
        var t = text
        return t.withUTF8 { feed(UnsafeRawBufferPointer($0)) }
    }

    /// Ends the input: the last partial line and the sample in progress are completed.
    public func finish(emit: (CaptureSample) -> Void) {
        withoutActuallyEscaping(emit) { e in
            self.emit = e
            defer { self.emit = nil }
            if carryCount > 0 || carryOverflow {
                endCarriedLine()
            }
            flushSample()
        }
    }

    public func finish() -> [CaptureSample] {
        var out: [CaptureSample] = []
        finish { out.append($0) }
        return out
    }

    /// The sample being built (not yet complete): lets a shell show what a paste has added so far.
    public var pendingSample: CaptureSample? { sampleHasContent ? materialized() : nil }

    /// The sample in progress with its gathered meminfo fields and slab rows in place.
    func materialized() -> CaptureSample {
        var s = sample
        if meminfoOpen { s.meminfo = Meminfo(fields: meminfoFields) }
        if slabOpen { s.slabinfo = Slabinfo(version: slabSectionVersion, rows: slabRows) }
        return s
    }

    // MARK: - Line splitting

    private func split(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count > 0 else { return }
        let n = bytes.count
        bytesRead += n
        var i = 0
        if pendingCR {
            pendingCR = false
            if base[0] == 0x0A { i = 1 }  // CRLF split across chunks: one line end
        }
        while i < n {
            // memchr is vectorised; lone CRs inside a line are split off in processLine.
            if let q = memchr(base + i, 0x0A, n - i) {
                let j = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
                if carryCount > 0 || carryOverflow {
                    appendCarry(base + i, j - i)
                    endCarriedLine()
                } else {
                    endLine(base + i, j - i)
                }
                i = j + 1
                continue
            }
            // No LF in the rest of the chunk: a log that ends lines with CR alone still does.
            var s = i
            var k = i
            while k < n {
                if base[k] == 0x0D {
                    if carryCount > 0 || carryOverflow {
                        appendCarry(base + s, k - s)
                        endCarriedLine()
                    } else {
                        endLine(base + s, k - s)
                    }
                    if k + 1 == n { pendingCR = true }
                    s = k + 1
                }
                k += 1
            }
            if s < n { appendCarry(base + s, n - s) }
            break
        }
    }

    private func appendCarry(_ p: UnsafePointer<UInt8>, _ count: Int) {
        let room = options.maxLineLength - carryCount
        if count > room {
            if room > 0 { (carry + carryCount).update(from: p, count: room) }
            carryCount = options.maxLineLength
            carryOverflow = true
        } else if count > 0 {
            (carry + carryCount).update(from: p, count: count)
            carryCount += count
        }
    }

    private func endCarriedLine() {
        let overflow = carryOverflow
        let count = carryCount
        carryCount = 0
        carryOverflow = false
        if overflow {
            linesRead += 1
            recordSkip(.lineTooLong, carry, 0, min(count, 160))
        } else {
            endLine(carry, count)
        }
    }

    private func endLine(_ p: UnsafePointer<UInt8>, _ count: Int) {
        var count = count
        if count > 0, p[count - 1] == 0x0D { count -= 1 }  // CRLF
        // A lone CR ends a line too (`a\rb` is two lines, as a CR-only log gives them).
        var start = 0
        while start <= count {
            let rest = count - start
            var end = count
            if rest > 0, let q = memchr(p + start, 0x0D, rest) {
                end = q.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: p)
            }
            linesRead += 1
            if end - start > options.maxLineLength {
                recordSkip(.lineTooLong, p, start, start + 160)
            } else {
                processLine(p + start, end - start)
            }
            if end == count { break }
            start = end + 1
        }
    }

    // MARK: - Samples

    /// Starts a section of `kind`, ending the sample first when the loop visibly started over.
    func begin(_ kind: SectionKind, repeated: Bool) {
        if sampleHasContent, repeated || (lastKind.map { kind.rawValue < $0.rawValue } ?? false) {
            flushSample()
        }
        if !sampleHasContent { sample.firstLine = linesRead }
        sampleHasContent = true
        lastKind = kind
        if kind != .allocCalls { allocCallsCache = nil }
        if kind != .heap { heapState = .none }
    }

    func flushSample() {
        if sampleHasContent {
            let done = materialized()
            if done.isEmpty {
                if skipped.count < options.skipLimit {
                    skipped.append(CaptureSkip(line: done.firstLine, reason: .emptySample, text: ""))
                }
                skippedCounts[.emptySample, default: 0] += 1
            } else {
                var done = done
                done.index = samplesEmitted
                samplesEmitted += 1
                if slabOpen, previousSlabNames.count != slabRows.count || !slabNamesMatchPrevious() {
                    previousSlabNames = slabRows.map(\.name)
                }
                if meminfoOpen, !meminfoInOrder || previousMeminfoNames.count != meminfoFields.count {
                    previousMeminfoNames = meminfoFields.map(\.name)
                }
                emit?(done)
            }
        }
        sample = CaptureSample()
        sampleHasContent = false
        lastKind = nil
        allocCallsCache = nil
        slabNameCursor = 0
        if meminfoOpen {
            meminfoOpen = false
            meminfoFields = []
            meminfoFields.reserveCapacity(Swift.max(previousMeminfoNames.count, 16))
        }
        if slabOpen {
            slabOpen = false
            slabSectionVersion = nil
            slabRows = []
            slabRows.reserveCapacity(Swift.max(previousSlabNames.count, 16))
        }
    }

    /// True when every row of this dump reused the previous dump's name String (same layout).
    private func slabNamesMatchPrevious() -> Bool {
        for (i, r) in slabRows.enumerated() where r.name != previousSlabNames[i] { return false }
        return true
    }

    func recordSkip(_ reason: CaptureSkip.Reason, _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) {
        skippedCounts[reason, default: 0] += 1
        if skipped.count < options.skipLimit {
            let e = min(end, start + 160)
            skipped.append(CaptureSkip(line: linesRead, reason: reason, text: SnapshotBytes.string(p, start, e)))
        }
    }
}

/// The kinds of section a capture loop prints, in the order a loop iteration prints them.
enum SectionKind: Int, Comparable {
    case timestamp = 0, meminfo, slabinfo, free, heap, allocCalls
    static func < (a: SectionKind, b: SectionKind) -> Bool { a.rawValue < b.rawValue }
}

enum HeapState: Equatable {
    case none, expectName, chunkManager, chunks
}

enum FreeColumn: Equatable {
    case total, used, free, shared, buffers, cached, buffCache, available, other
}
