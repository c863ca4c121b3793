import ArgumentParser
import Foundation

/// A command's input file, or stdin. Stdin is spooled to a temporary file so commands that read
/// twice (symbolize: frames first, then the text) still stream and keep memory flat.
struct InputSource {
    let url: URL
    let isTemporary: Bool
    let displayName: String

    static func open(_ path: String?) throws -> InputSource {
        if let path, path != "-" {
            let url = URL(fileURLWithPath: path)
            guard FileManager.default.isReadableFile(atPath: url.path) else {
                throw ValidationError("cannot read \(path): no such file or not readable")
            }
            return InputSource(url: url, isTemporary: false, displayName: path)
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-stdin-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        let out = try FileHandle(forWritingTo: url)
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            out.write(chunk)
        }
        try out.close()
        return InputSource(url: url, isTemporary: true, displayName: "<stdin>")
    }

    func handle() throws -> FileHandle { try FileHandle(forReadingFrom: url) }

    func remove() {
        if isTemporary { try? FileManager.default.removeItem(at: url) }
    }
}
