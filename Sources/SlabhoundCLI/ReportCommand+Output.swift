import ArgumentParser
import Foundation

/// Where the report goes: exactly the path the user named, written atomically — a temporary
/// file in the same directory (same filesystem, so the rename is atomic), then renamed over
/// the path. A reader never sees half a page, and a failed run leaves the old file as it was.
struct ReportDestination {
    let path: String
    let url: URL

    init(path: String) throws {
        self.path = path
        url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--html \(path) is a directory: name the file to write")
        }
        let directory = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--html \(path): directory \(directory) does not exist")
        }
    }

    func write(_ text: String) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).slabhound-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp")
        // O_EXCL: never follow or reuse something already there.
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var ok = false
        defer { if !ok { unlink(temporary.path) } }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(fd)
                throw ValidationError("cannot write \(path): \(reason)")
            }
            written += n
        }
        let synced = fsync(fd) == 0 ? 0 : errno
        let closed = close(fd) == 0 ? 0 : errno
        if synced != 0 || closed != 0 {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(synced != 0 ? synced : closed)))")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        ok = true
    }
}
