import Foundation
import Testing

extension ShellBinaryTests {
    /// The "Done means", walked as a new user in a real terminal (tmux) with a trace that
    /// is not in the repository: the example mixer is run again under qemu-arm — position-
    /// independent, three loops, so its load addresses and counts differ from the fixture logs —
    /// and what the shell says is checked against that run's own alloc/free lines and the
    /// `@site:` markers of the example sources.
    @Suite struct AcceptanceWalkTests {
        static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/user")
        static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("CapturesTests/Fixtures/snapshots")

        static var toolsAvailable: Bool {
            BoardFixtures.available && ["/usr/bin/qemu-arm", "/usr/bin/gdb-multiarch", "/usr/bin/tmux"]
                .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
        }

        /// A fresh board log: `/customer/mixer_pie 3` under qemu-arm, maps shown with board paths.
        func recordBoardLog(in home: URL) throws -> URL {
            let rootfs = BoardFixtures.path("rootfs")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/qemu-arm")
            process.arguments = ["-E", "LD_LIBRARY_PATH=/lib", "-0", "/customer/mixer_pie", rootfs + "/customer/mixer_pie", "3"]
            process.environment = ["QEMU_LD_PREFIX": rootfs, "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TestFailure("qemu-arm mixer_pie exited \(process.terminationStatus)") }
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: rootfs, with: "")
            let log = home.appendingPathComponent("board.log")
            try text.write(to: log, atomically: true, encoding: .utf8)
            return log
        }

        /// Per allocation tag: (allocations, never freed, bytes never freed), pairing each free
        /// with the latest outstanding allocation of its address.
        static func pairs(_ log: String) -> [String: (allocations: Int, outstanding: Int, bytes: Int)] {
            var live: [String: [(tag: String, size: Int)]] = [:]
            var counts: [String: (allocations: Int, outstanding: Int, bytes: Int)] = [:]
            for line in log.split(separator: "\n") {
                let words = line.split(separator: " ").map(String.init)
                if words.count == 6, words[0] == "alloc", words[2] == "size", words[4] == "site", let size = Int(words[3]) {
                    live[words[1], default: []].append((words[5], size))
                    counts[words[5], default: (0, 0, 0)].allocations += 1
                } else if words.count == 2, words[0] == "free" {
                    _ = live[words[1]]?.popLast()
                }
            }
            for (_, blocks) in live {
                for block in blocks {
                    counts[block.tag]!.outstanding += 1
                    counts[block.tag]!.bytes += block.size
                }
            }
            return counts
        }

        /// `tag=NAME` → `FUNCTION at user/md.c:LINE`, from the markers in the example source.
        static func sites() throws -> [String: String] {
            let source = try String(contentsOf: sources.appendingPathComponent("md.c"), encoding: .utf8)
            var sites: [String: String] = [:]
            for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard let site = line.firstMatch(of: /@site:(\w+)>MI_SYS_MMA_Alloc tag=(\w+)/) else { continue }
                sites[String(site.output.2)] = "\(site.output.1) at user/md.c:\(index + 1)"
            }
            return sites
        }

        @Test(.enabled(if: AcceptanceWalkTests.toolsAvailable, "needs the ARM fixtures, qemu-arm, gdb-multiarch and tmux"))
        func newUserWalksTheDoneMeans() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let log = try recordBoardLog(in: home)
            let text = try String(contentsOf: log, encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let start = try #require(lines.firstIndex { $0.hasPrefix("Obtained ") })
            let block = Array(lines[start...(start + 10)])

            let tmux = try TmuxSession(arguments: ["--symbols", BoardFixtures.path("rootfs")], home: home)
            #expect(try tmux.waitForPrompt(count: 1), "\((try? tmux.screen()) ?? "")")
            var prompts = 1

            // 1. Paste a real print_trace block: every frame comes back resolved in place.
            try tmux.paste(block.joined(separator: "\n") + "\n")
            prompts += 1
            #expect(try tmux.waitForPrompt(count: prompts, timeout: 60), "\((try? tmux.screen()) ?? "")")
            let pasted = try tmux.screen().split(separator: "\n").map(String.init)
            for frame in block.dropFirst() {
                let at = try #require(pasted.firstIndex(of: frame), "frame not shown back: \(frame)")
                #expect(pasted[at + 1].hasPrefix("    -> ") && pasted[at + 1].contains(" at user/"),
                        "\(frame) not resolved to a source line: \(pasted[at + 1])")
            }

            // 2. `help` lists the method's commands; 3. Up recalls it.
            try tmux.type("help")
            try tmux.press("Enter")
            prompts += 1
            #expect(try tmux.waitForPrompt(count: prompts))
            let help = try tmux.screen()
            for command in ["trend", "compare", "capture", "guide", "blame", "symbolize", "locate", "collector", "report"] {
                #expect(help.contains("\n  \(command) "), "help does not list \(command)")
            }
            try tmux.press("Up")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) help") })
            try tmux.press("C-u")

            // 4. `guide` walks the seed's investigation (and the new log's backtraces) to the
            // allocating source line.
            let seed = ["seed-free-series.txt", "seed-snapshot-start.txt", "seed-snapshot-leak.txt", "mma-heap-start.txt", "mma-heap-leak.txt"]
                .map { Self.snapshots.appendingPathComponent($0).path }
            try tmux.type("capture " + (seed + [log.path]).joined(separator: " "))
            try tmux.press("Enter")
            prompts += 1
            #expect(try tmux.waitForPrompt(count: prompts, timeout: 30))
            try tmux.type("guide")
            try tmux.press("Enter")
            prompts += 1
            #expect(try tmux.waitForPrompt(count: prompts, timeout: 60))
            let guide = try tmux.screen()
            // guide's own last line is the summary: no status line repeats it.
            let guideEnd = guide.split(separator: "\n").suffix(2).map(String.init)
            #expect(guideEnd.first?.hasPrefix("guide [0✓ 1✓ 2✓ 3✓ 4✓]") == true && guideEnd.last == "(slabhound)", "\(guideEnd)")
            for step in 0...4 {
                #expect(guide.contains("[done]    \(step). "), "step \(step) not done: \(guide.suffix(1500))")
            }
            let counts = Self.pairs(text)
            let sites = try Self.sites()
            let mostAllocated = try #require(counts.max { $0.value.allocations < $1.value.allocations }?.key)
            #expect(guide.contains(try #require(sites[mostAllocated])), "step 4 names the busiest site, located")

            // 5. `blame` on the run's alloc/free lines names exactly the sites that never freed,
            // with counts and bytes, apart from those still holding only their latest block.
            try tmux.type("blame --alloc 'alloc (?<addr>0x[0-9a-f]+) size (?<size>[0-9]+)' --free 'free (?<addr>0x[0-9a-f]+)' \(log.path)")
            try tmux.press("Enter")
            prompts += 1
            #expect(try tmux.waitForPrompt(count: prompts, timeout: 60))
            let blame = try tmux.screen()
            let never = counts.filter { $0.value.outstanding == $0.value.allocations }
            try #require(!never.isEmpty, "the example leaks")
            let line = try #require(blame.split(separator: "\n").last { $0.hasPrefix("never freed: ") }.map(String.init))
            let expected = try never.sorted { ($0.value.bytes, $0.value.allocations) > ($1.value.bytes, $1.value.allocations) }
                .map { tag, c in "\(try #require(sites[tag])) (\(c.outstanding) of \(c.allocations), \(c.bytes) bytes)" }
            #expect(line == "never freed: " + expected.joined(separator: ", "))
            // The status line after each command stays one terminal line.
            let status = blame.split(separator: "\n").filter { $0.hasPrefix("samples: ") }
            #expect(!status.isEmpty && status.allSatisfy { $0.count <= 160 })
            try tmux.press("C-d")
            #expect(tmux.waitForExit())
        }
    }
}
