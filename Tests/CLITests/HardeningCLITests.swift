import Foundation
import Testing
import TestSupport

/// Garbage of every kind through the real binary: never a signal, never silence, and only the
/// documented exit statuses (0: done, including "nothing found"; 64: the input or the command
/// line is unusable, said on stderr).
@Suite struct HardeningCLITests {
    enum Input: String, CaseIterable, Sendable {
        case randomBytes, nulBytes, invalidUTF8, cutMidLine, hugeLine, slabOverflow, heapOverflow

        /// The bytes; `long` lines are shorter for the slow-per-byte commands (the 64 MiB case
        /// is measured outside the test suite).
        func bytes(for command: String) throws -> Data {
            switch self {
            case .randomBytes:
                var generator = SplitMix(seed: 0x5eed)
                return Data((0..<(256 << 10)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            case .nulBytes:
                return Data(count: 64 << 10)
            case .invalidUTF8:
                var text = try Data(contentsOf: HardeningCLITests.seedSnapshot)
                // Overlong, surrogate, lone continuation and 0xFF bytes spliced into lines.
                for (index, junk) in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xFF, 0xFE], [0xF8, 0x88, 0x80, 0x80]].enumerated() {
                    text.insert(contentsOf: junk.map(UInt8.init), at: text.count * (index + 1) / 7)
                }
                return text
            case .cutMidLine:
                let text = try Data(contentsOf: HardeningCLITests.seedSnapshot)
                var cut = text.prefix(text.count / 3)
                while cut.last == UInt8(ascii: "\n") || cut.last == UInt8(ascii: " ") { cut.removeLast() }
                return cut.dropLast(5)
            case .hugeLine:
                let size = command == "trend" || command == "compare" ? 8 << 20 : 1 << 20
                return Data("MemTotal: 1 kB\n".utf8) + Data(repeating: UInt8(ascii: "A"), count: size)
            case .slabOverflow:
                return try Data(contentsOf: HardeningProcess.fixture("slab-overflow.txt"))
            case .heapOverflow:
                return try Data(contentsOf: HardeningProcess.fixture("heap-overflow.txt"))
            }
        }
    }

    static let seedSnapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CapturesTests/Fixtures/snapshots/seed-snapshot-leak.txt")

    static let commands = ["trend", "compare", "oom", "symbolize"]

    static func arguments(_ command: String, symbols: URL, file: String) -> [String] {
        command == "symbolize" || command == "oom"
            ? [command, "--symbols", symbols.path, file] : [command, file]
    }

    @Test("garbage in: an exit status, not a signal; output or a message", arguments: Input.allCases, commands)
    func garbage(input: Input, command: String) throws {
        let directory = try HardeningProcess.scratchDirectory("garbage")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("input.log")
        try input.bytes(for: command).write(to: file)
        let outcome = try HardeningProcess.run(Self.arguments(command, symbols: directory, file: file.path))
        #expect(outcome.exitedNormally, "\(command) on \(input): \(outcome.summary)")
        #expect([0, 64].contains(outcome.status), "\(command) on \(input): \(outcome.summary)")
        #expect(!outcome.stdout.isEmpty || !outcome.stderr.isEmpty, "\(command) on \(input) said nothing")
        if outcome.status != 0 {
            #expect(!outcome.stderr.isEmpty, "\(command) on \(input) failed silently")
        }
    }

    @Test("the same garbage on stdin")
    func garbageOnStdin() throws {
        for command in Self.commands {
            let outcome = try HardeningProcess.run(Self.arguments(command, symbols: URL(fileURLWithPath: "/nonexistent"), file: "-"),
                                                   stdin: try Input.randomBytes.bytes(for: command))
            #expect(outcome.exitedNormally && [0, 64].contains(outcome.status), "\(command): \(outcome.summary)")
            #expect(!outcome.stdout.isEmpty || !outcome.stderr.isEmpty, "\(command) said nothing")
        }
    }

    /// Regression: numbers that each fit in Int64 but whose product (num_slabs × pagesperslab ×
    /// page size) or sum (MMA chunk lengths) does not trapped in SlabCache.bytes and in compare.
    @Test("absurd numbers give a verdict")
    func absurdNumbers() throws {
        let slab = HardeningProcess.fixture("slab-overflow.txt").path
        let heap = HardeningProcess.fixture("heap-overflow.txt").path
        for arguments in [["trend", slab], ["trend", "--json", slab], ["compare", slab], ["compare", "--json", slab],
                          ["compare", heap, heap], ["trend", "--page-size", "4611686018427387904", slab],
                          ["compare", "--page-size", "4611686018427387904", slab]] {
            let outcome = try HardeningProcess.run(arguments)
            #expect(outcome.exitedNormally && outcome.status == 0, "\(arguments): \(outcome.summary)")
            #expect(outcome.stdoutText.contains("verdict"), "\(arguments): \(outcome.stdoutText.prefix(300))")
        }
        let negative = try HardeningProcess.run(["compare", "--page-size=-4096", slab])
        #expect(negative.exitedNormally && negative.status == 64 && negative.stderr.contains("page-size"), "\(negative.summary)")
    }

    @Test("a directory or a missing file is a clear error, status 64")
    func unreadableInputs() throws {
        let directory = try HardeningProcess.scratchDirectory("dir")
        defer { try? FileManager.default.removeItem(at: directory) }
        for command in Self.commands {
            let isDirectory = try HardeningProcess.run(Self.arguments(command, symbols: directory, file: directory.path))
            #expect(isDirectory.exitedNormally && isDirectory.status == 64, "\(command): \(isDirectory.summary)")
            #expect(isDirectory.stderr.contains("directory"), "\(command): \(isDirectory.stderr)")
            let missing = try HardeningProcess.run(Self.arguments(command, symbols: directory, file: directory.appendingPathComponent("nope").path))
            #expect(missing.exitedNormally && missing.status == 64, "\(command): \(missing.summary)")
            #expect(missing.stderr.contains("cannot read"), "\(command): \(missing.stderr)")
            // The message says what to pass; no usage line of the root (how to call slabhound)
            // under a refusal that came from the command's run.
            #expect(!missing.stderr.contains("Usage:") && !isDirectory.stderr.contains("Usage:"),
                    "\(command): \(missing.stderr)")
        }
    }
}

extension HardeningCLITests {
    /// The stdin spool holds the user's log: it must not stay in TMPDIR, not even when the run
    /// is interrupted while it reads (it used to: `defer` does not run on SIGINT).
    @Test("the stdin spool never lingers in TMPDIR, even when the run is interrupted")
    func spoolInterrupted() throws {
        let temporary = try HardeningProcess.scratchDirectory("spool")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let process = Process()
        process.executableURL = SlabhoundBinary.url
        process.arguments = ["symbolize", "--symbols", temporary.path, "-"]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporary.path
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("/lib/libx.so(+0x10) [0x10]\n".utf8))
        // Wait until the spool is open and unlinked (seen through /proc: "... (deleted)"), then
        // look at TMPDIR. Not the first sight of it: between its creation and its unlink a poll
        // can see it open and listed. A deadline, not a count of polls: a debug binary on a
        // loaded 2-core machine can take seconds to start.
        var spool: String?
        let deadline = Date().addingTimeInterval(60)
        while spool == nil && Date() < deadline {
            let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd")) ?? []
            spool = fds.lazy.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/fd/\($0)") }
                .first { $0.contains("slabhound-stdin") && $0.hasSuffix(" (deleted)") }
            if spool == nil { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(spool != nil, "the spool was never open and unlinked while reading")
        #expect(HardeningProcess.listing(temporary).isEmpty, "spool visible while reading: \(HardeningProcess.listing(temporary))")
        process.interrupt()
        process.waitUntilExit()
        #expect(HardeningProcess.listing(temporary).isEmpty, "spool left after SIGINT: \(HardeningProcess.listing(temporary))")
    }
}

extension HardeningCLITests {
    /// A 272-byte ELF64 shared object whose `.bss` (SHF_ALLOC, 1 MiB at 0xffffffffffff0000)
    /// wraps the address space: `symbolize` with it under --symbols used to die of an overflow
    /// trap in ELFFile.addressSpan (SIGILL). Now the file is refused with a message.
    static let wrappingELF = Data(base64Encoded: """
        f0VMRgIBAQAAAAAAAAAAAAMAPgABAAAAAAAAAAAAAAAAAAAAAAAAAFAAAAAAAAAAAAAAAEAAOAAAAEAAAwABAAAuc2hzdHJ0YWIALmJzcwAAAAAA\
        AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAAAAMAAAAAAAAAAAAAAAAAAAAAAAAA\
        QAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAsAAAAIAAAAAgAAAAAAAAAAAP///////wAAAAAAAAAAAAAQAAAAAAAAAAAA\
        AAAAAAAAAAAAAAAAAAAAAAAAAAA=
        """)!

    @Test("a hostile ELF under --symbols is refused, not a crash")
    func hostileSymbolFile() throws {
        let directory = try HardeningProcess.scratchDirectory("elf")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.wrappingELF.write(to: directory.appendingPathComponent("libMD_LINUX.so"))
        let trace = Data("/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n".utf8)
        for command in ["symbolize", "oom"] {
            let outcome = try HardeningProcess.run([command, "--no-cache", "--symbols", directory.path, "-"], stdin: trace)
            #expect(outcome.exitedNormally && [0, 64].contains(outcome.status), "\(command): \(outcome.summary)")
        }
        let symbolize = try HardeningProcess.run(["symbolize", "--no-cache", "--symbols", directory.path, "-"], stdin: trace)
        #expect(symbolize.stdoutText.contains("/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]"), "the text comes back")
        #expect((symbolize.stdoutText + symbolize.stderr).contains("address space"), "\(symbolize.stdoutText) \(symbolize.stderr)")
        let locate = try HardeningProcess.run(["locate", "--no-cache", "--symbols", directory.path, "libMD_LINUX.so+0x5ac"])
        #expect(locate.exitedNormally && locate.status == 1, "\(locate.summary)")
    }
}
