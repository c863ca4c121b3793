import Foundation
import LineEditing
import Testing

@Suite struct StreamLineReaderTests {
    /// Lines come back whole however the writer splits them: every chunk size from 1 byte up.
    @Test(arguments: [1, 2, 3, 7, 64, 4096])
    func linesSurviveAnyChunking(chunkSize: Int) async throws {
        let text = try Fixtures.text("seed-oom-report.txt").replacingOccurrences(of: "\n", with: "\r\n") + "last line without newline"
        let pipe = Pipe()
        let reader = StreamLineReader(handle: pipe.fileHandleForReading)
        let bytes = Array(text.utf8)
        let writer = Thread {
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + chunkSize)
                pipe.fileHandleForWriting.write(Data(bytes[index..<end]))
                index = end
            }
            try? pipe.fileHandleForWriting.close()
        }
        writer.start()
        var lines: [String] = []
        while let input = await reader.read(prompt: "ignored") {
            guard case .line(let line) = input else { Issue.record("unexpected \(input)"); break }
            lines.append(line)
        }
        let expected = text.components(separatedBy: "\r\n")
        #expect(lines == expected)
    }
}
