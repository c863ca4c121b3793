import ArgumentParser
import Foundation

/// A command's input file, or stdin. Stdin is spooled to a temporary file so commands that read
/// twice (symbolize: frames first, then the text) still stream and keep memory flat.
struct InputSource {
    let url: URL
    let isTemporary: Bool
    let displayName: String
    /// Keeps the unlinked stdin spool alive (see `open`).
    var keeper: FileHandle? = nil

    static func open(_ path: String?) throws -> InputSource {
        if let path, path != "-" {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ValidationError("cannot read \(path): no such file or not readable")
            }
            // A directory is "readable" too, but reading it yields nothing: say so instead of
            // reporting an empty log.
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("cannot read \(path): is a directory")
            }
            return InputSource(url: url, isTemporary: false, displayName: path)
        }
        try StandardInputPolicy.check()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-stdin-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot spool stdin: cannot create \(url.path)")
        }
        let out = try FileHandle(forWritingTo: url)
        let keeper = try FileHandle(forReadingFrom: url)
        // Unlinked at once: the spool (the user's log) is gone even when the run is interrupted
        // or killed before `remove()`; the open descriptor keeps it readable for both passes,
        // each opening its own description through /proc/self/fd.
        try? FileManager.default.removeItem(at: url)
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            try out.write(contentsOf: chunk)
        }
        try out.close()
        return InputSource(url: URL(fileURLWithPath: "/proc/self/fd/\(keeper.fileDescriptor)"), isTemporary: false,
                           displayName: "<stdin>", keeper: keeper)
    }

    func handle() throws -> FileHandle { try FileHandle(forReadingFrom: url) }

    func remove() {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
