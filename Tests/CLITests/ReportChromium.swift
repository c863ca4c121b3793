import Foundation

/// Headless Chromium (Debian `chromium`; `make test` installs it) rendering a report the way a
/// person's browser would: the DOM after parsing, and a screenshot.
enum ReportChromium {
    static let path: String? = {
        let names = ["chromium", "chromium-browser", "google-chrome"]
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in names {
            for directory in directories where directory.hasPrefix("/") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }()

    static var available: Bool { path != nil }

    /// Runs Chromium on `page` with a throw-away profile; stdout is the result.
    static func run(_ page: URL, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                             "--disable-dev-shm-usage", "--user-data-dir=\(profile.path)"] + arguments + [page.absoluteString]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return String(decoding: data, as: UTF8.self)
    }

    /// The DOM as Chromium built it, serialised.
    static func dumpDOM(_ page: URL) throws -> String { try run(page, ["--dump-dom"]) }

    /// A PNG of the page's first `height` pixels at `width`.
    static func screenshot(_ page: URL, to png: URL, width: Int = 1200, height: Int = 3000) throws {
        _ = try run(page, ["--screenshot=\(png.path)", "--window-size=\(width),\(height)", "--hide-scrollbars"])
    }

    /// Width and height from a PNG's IHDR chunk (nil when it is not a PNG).
    static func pngSize(_ data: Data) -> (Int, Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
              String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR" else { return nil }
        func be(_ i: Int) -> Int { bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }
}
