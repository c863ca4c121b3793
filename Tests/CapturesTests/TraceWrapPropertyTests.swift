import Testing
@testable import Captures

/// Every frame line of real traces, soft-wrapped at every position a mail client could break
/// it, must give the same frames as the unwrapped line.
@Suite struct TraceWrapPropertyTests {
    static func frameLines() throws -> [String] {
        var lines: [String] = []
        for name in ["seed-oom-arm32-4.9.txt", "oom/arm32-6.1-dmesg-H-warn-alloc.txt", "oom/x86_64-5.4-github-truncated.txt",
                     "seed-print-trace.txt"] {
            for line in try TraceFixtures.text(name).split(separator: "\n") {
                let body = StrippedTraceLine(line).body
                if !TraceLineParser.frames(in: body, lineNumber: 1).isEmpty { lines.append(body) }
            }
        }
        return lines
    }

    func frames(_ text: String) -> [TraceFrame] {
        TraceLineParser.frames(inText: text).map { var f = $0; f.inputLine = 1; return f }
    }

    @Test func wrapAtEverySpace() throws {
        var checked = 0
        for line in try Self.frameLines() {
            let expected = frames(line)
            let chars = Array(line)
            for (i, c) in chars.enumerated() where c == " " && i > 0 && i < chars.count - 1 {
                // format=flowed keeps the blank at the end of the first line; others drop it.
                for (a, b) in [(String(chars[..<(i + 1)]), String(chars[(i + 1)...])),
                               (String(chars[..<i]), String(chars[(i + 1)...]))] {
                    let got = frames(a + "\n" + b)
                    #expect(got == expected, "wrapped as \(a.debugDescription) / \(b.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 200)
    }

    @Test func wrapInsideWordsOfArmLines() throws {
        // Hard wraps inside a word, as in raspberrypi/linux#2909: `(sh` / `ow_stack+0x20/0x24)`.
        var checked = 0
        for line in try Self.frameLines() where line.hasPrefix("[<") {
            let expected = frames(line)
            let chars = Array(line)
            guard let from = line.range(of: " from ") else { continue }
            let start = line.distance(from: line.startIndex, to: from.upperBound)
            for i in (start + 1)..<(chars.count - 1) where chars[i] != " " && chars[i - 1] != " " {
                let got = frames(String(chars[..<i]) + "\n" + String(chars[i...]))
                #expect(got == expected, "cut at \(i): \(String(chars[..<i]).debugDescription)")
                checked += 1
            }
        }
        #expect(checked > 200)
    }
}
