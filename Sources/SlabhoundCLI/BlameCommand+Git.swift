import Foundation
import Investigation

/// Runs `git blame` for a site's line. The path comes from debug info, which is untrusted
/// text: git is run directly (no shell), the path only ever follows `--`, and git is told not
/// to run anything a repository's config could name (textconv, fsmonitor). HEAD is blamed,
/// not the work tree, so no clean filter runs on the file.
struct GitBlameFinder {
    var locator: SourceFileLocator
    static let timeout: TimeInterval = 20

    /// The source file on disk: the site's file if absolute, else next to the innermost file's
    /// absolute path (its compile directory), else relative to the current directory — each
    /// rewritten by the source maps (`SourceFileLocator`).
    func path(for site: AllocationSite) -> String? {
        guard let file = site.location?.file else { return nil }
        var candidates: [String] = []
        if file.hasPrefix("/") { candidates.append(file) }
        if let full = site.fullPath {
            candidates.append(full)
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/" + file)
        return locator.readable(candidates)
    }

    func blame(_ site: AllocationSite, diagnostics: Diagnostics) -> GitBlameLine? {
        guard let line = site.location?.line, line > 0, let path = path(for: site) else { return nil }
        guard let git = Self.gitExecutable() else {
            diagnostics.warn("--git-blame: git is not on PATH")
            return nil
        }
        let url = URL(fileURLWithPath: path)
        let process = Process()
        process.executableURL = git
        process.currentDirectoryURL = url.deletingLastPathComponent()
        process.arguments = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
                             "blame", "--porcelain", "--no-textconv", "-L", "\(line),\(line)", "HEAD", "--", url.lastPathComponent]
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_PAGER"] = "cat"
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_OPTIONAL_LOCKS"] = "0"
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let timer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.timeout, execute: timer)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        guard process.terminationStatus == 0 else { return nil }
        return GitBlameLine.parse(porcelain: String(decoding: data, as: UTF8.self))
    }

    static func gitExecutable() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/git"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        return nil
    }

    static func date(_ seconds: Int64?) -> String? {
        guard let seconds else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
