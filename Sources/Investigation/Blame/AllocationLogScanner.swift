import Captures

/// Reads allocation backtraces out of a log, line by line: glibc `print_trace` blocks
/// (`Obtained N stack frames.` and the `backtrace_symbols()` frames after it, or a bare run of
/// such frames), kmemleak objects, and SLUB `alloc_calls`/`alloc_traces` sites. With an
/// `AllocationEventPattern`, each allocation line is tied to the `print_trace` block just
/// before it (one block, one allocation) and later frees are paired by address
/// (`AllocationLedger`).
///
/// Line numbers are shifted by `lineOffset`, so several files read one after another number
/// their lines as one concatenated text (load-base inference goes by line).
public struct AllocationLogScanner: Sendable {
    private enum Note: Sendable {
        case header(expected: Int)
        case event(AllocationEvent)
    }

    /// A `print_trace` block being read.
    private struct Open: Sendable {
        var firstLine: Int
        var expected: Int?
        var frames: [TraceFrame] = []
        var blankRun = 0
    }

    private let pattern: AllocationEventPattern?
    private let lineOffset: Int
    private var lineNumber = 0
    private var frameScanner = TraceFrameScanner()
    private var kmemleak = KmemleakParser()
    private var callSites = SlabCallSiteParser()
    /// Lines skipped before each kernel parser started (their line numbers count from there).
    private var kmemleakSkipped: Int?
    private var callSitesSkipped: Int?
    /// Header and event lines waiting for the frame scanner to report their line (it may hold
    /// a line back to join a soft-wrapped frame, so order is kept by line number).
    private var notes: [Int: Note] = [:]
    private var open: Open?
    /// The last closed `print_trace` block no allocation line has claimed yet.
    private var unclaimed: Int?
    private var ledger = AllocationLedger()
    /// Sizes and fates of allocation lines without a backtrace (ids -1, -2, …).
    private var untraced: [(size: Int64?, freed: Bool)] = []
    private var log = AllocationLog()

    public init(pattern: AllocationEventPattern? = nil, lineOffset: Int = 0) {
        self.pattern = pattern
        self.lineOffset = lineOffset
        log.paired = pattern != nil
    }

    /// Lines read so far.
    public var lineCount: Int { lineNumber }

    public static func scan(text: String, pattern: AllocationEventPattern? = nil) -> AllocationLog {
        var scanner = AllocationLogScanner(pattern: pattern)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) { scanner.feed(String(line)) }
        return scanner.finish()
    }

    public mutating func feed(_ line: String) {
        lineNumber += 1
        if let expected = Self.header(line) {
            notes[lineNumber] = .header(expected: expected)
        } else if let event = pattern?.event(in: line, lineNumber: lineNumber + lineOffset) {
            notes[lineNumber] = .event(event)
        }
        // The kernel parsers run their own frame scanners: start them only once their kind of
        // text shows up (everything they read follows such a line), so a long print_trace log
        // is parsed once.
        if kmemleakSkipped == nil, line.contains("unreferenced object") { kmemleakSkipped = lineNumber - 1 }
        if kmemleakSkipped != nil { kmemleak.feed(line) }
        if callSitesSkipped == nil, line.contains("age=") || line.contains("/sys/kernel/") {
            callSitesSkipped = lineNumber - 1
        }
        if callSitesSkipped != nil { callSites.feed(line) }
        for m in frameScanner.feed(line) { process(m) }
    }

    public mutating func finish() -> AllocationLog {
        for m in frameScanner.finish() { process(m) }
        close()
        for object in kmemleak.finish() where !object.backtrace.isEmpty {
            let skipped = kmemleakSkipped ?? 0
            log.blocks.append(AllocationBlock(source: .kmemleak, frames: shifted(object.backtrace, extra: skipped),
                                              inputLine: object.inputLine + skipped + lineOffset, count: 1,
                                              fate: .outstanding, size: object.size))
        }
        // Each alloc_calls/alloc_traces dump lists the objects live when it was taken: a later
        // dump of the same cache supersedes an earlier one (a capture samples it repeatedly).
        let dumps = callSites.finish().filter { $0.kind != .free }
        var latest: [String: Int] = [:]
        for (i, dump) in dumps.enumerated() { latest[dump.cache ?? ""] = i }
        for (i, dump) in dumps.enumerated() where latest[dump.cache ?? ""] == i {
            for site in dump.sites {
                let frames = site.stack.isEmpty ? site.site.map { [$0] } ?? [] : site.stack
                guard !frames.isEmpty, site.count > 0 else { continue }
                let skipped = callSitesSkipped ?? 0
                log.blocks.append(AllocationBlock(source: .allocTraces, frames: shifted(frames, extra: skipped),
                                                  inputLine: site.inputLine + skipped + lineOffset, count: site.count,
                                                  fate: .outstanding))
            }
        }
        log.unmatchedFrees = ledger.unmatchedFrees
        if log.paired {
            log.tracesWithoutAllocation = log.blocks.filter { $0.source == .printTrace && $0.address == nil }.count
        }
        for entry in untraced where !entry.freed {
            log.untracedOutstanding += 1
            log.untracedOutstandingBytes = log.untracedOutstandingBytes.saturatingAdding(entry.size ?? 0)
        }
        return log
    }

    // MARK: - Lines

    /// `Obtained 10 stack frames.` (the glibc manual's example, which everyone copies).
    static func header(_ line: String) -> Int? {
        guard line.contains("stack frames"), let start = line.range(of: "Obtained "), let end = line.range(of: " stack frames") else { return nil }
        guard start.upperBound <= end.lowerBound else { return nil }
        return Int(line[start.upperBound..<end.lowerBound])
    }

    private mutating func process(_ m: TraceLineMatch) {
        let noted = take(note: m.lineNumber)
        let user = m.frames.filter { $0.kind == .user }
        if !user.isEmpty {
            for frame in user {
                if open == nil { open = Open(firstLine: frame.inputLine) }
                open!.frames.append(frame)
                open!.blankRun = 0
                if let expected = open!.expected, open!.frames.count >= expected { close() }
            }
            // Kernel frames on the same line are not part of a print_trace block.
            if user.count != m.frames.count { close() }
        } else if m.line.body.isEmpty {
            // Logs that double every newline put one blank line between frames.
            if open != nil {
                open!.blankRun += 1
                if open!.blankRun > 1 { close() }
            }
        } else if !noted {
            close()
        }
        if m.lastLineNumber > m.lineNumber {
            for line in (m.lineNumber + 1)...m.lastLineNumber { _ = take(note: line) }
        }
    }

    /// Handles the header or event on `line`, if there is one; says whether there was.
    private mutating func take(note line: Int) -> Bool {
        guard let note = notes.removeValue(forKey: line) else { return false }
        switch note {
        case .header(let expected):
            close()
            open = Open(firstLine: line, expected: expected > 0 ? expected : nil)
        case .event(let event):
            close()
            record(event)
        }
        return true
    }

    private mutating func record(_ event: AllocationEvent) {
        switch event.kind {
        case .alloc:
            log.allocationLines += 1
            if let index = unclaimed {
                unclaimed = nil
                log.blocks[index].address = event.address
                log.blocks[index].size = event.size
                log.blocks[index].fate = .outstanding
                ledger.allocate(event.address, id: index)
            } else {
                untraced.append((event.size, false))
                log.untracedAllocations += 1
                ledger.allocate(event.address, id: -untraced.count)
            }
        case .free:
            log.freeLines += 1
            guard let id = ledger.free(event.address) else { return }
            if id >= 0 { log.blocks[id].fate = .freed } else { untraced[-id - 1].freed = true }
        }
    }

    private mutating func close() {
        guard let block = open else { return }
        open = nil
        guard !block.frames.isEmpty else { return }
        log.blocks.append(AllocationBlock(source: .printTrace, frames: shifted(block.frames),
                                          inputLine: block.firstLine + lineOffset))
        unclaimed = pattern == nil ? nil : log.blocks.count - 1
    }

    private func shifted(_ frames: [TraceFrame], extra: Int = 0) -> [TraceFrame] {
        guard lineOffset + extra != 0 else { return frames }
        return frames.map { var f = $0; f.inputLine += lineOffset + extra; return f }
    }
}
