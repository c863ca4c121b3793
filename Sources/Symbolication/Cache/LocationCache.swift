import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The on-disk store of `LocationCacheFile`s: one file per symbol file, named after its build id
/// (`<build-id>.locations`), or after a hash of its path when it has none. A file is used only
/// when the symbol file's build id, size and mtime still match and the same gdb answered;
/// anything unreadable, foreign or stale is a miss. Writes go to a temporary file renamed into place, so a reader never sees
/// half a file and concurrent runs at worst lose each other's additions.
///
/// Location: `$XDG_CACHE_HOME/slabhound/locations`, else `~/.cache/slabhound/locations`.
public struct LocationCache: Sendable {
    public let directory: URL
    /// Files larger than this are not read (a cache file of a huge library is a few MB).
    static let maximumFileSize: UInt64 = 64 << 20

    public init(directory: URL) {
        self.directory = directory
    }

    /// The default directory from the environment, or nil when neither XDG_CACHE_HOME nor HOME
    /// is set to an absolute path.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("slabhound/locations")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/slabhound/locations")
        }
        return nil
    }

    /// Build id (from the ELF file already parsed), size and mtime of a symbol file; nil when it
    /// cannot be stat'ed.
    public static func identity(of url: URL, buildID: String?) -> LocationCacheFile.Identity? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        let nanoseconds = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
        return LocationCacheFile.Identity(buildID: buildID, size: UInt64(info.st_size), mtimeNanoseconds: nanoseconds)
    }

    /// Where the locations of this symbol file live.
    public func fileURL(for url: URL, identity: LocationCacheFile.Identity) -> URL {
        let name: String
        if let buildID = identity.buildID, !buildID.isEmpty,
           buildID.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
            name = buildID
        } else {
            name = "path-" + String(Self.fnv1a(url.standardizedFileURL.path), radix: 16)
        }
        return directory.appendingPathComponent(name + ".locations")
    }

    /// The cached locations of a symbol file, or nil (no file, unreadable, corrupt, stale).
    public func load(for url: URL, identity: LocationCacheFile.Identity, gdb: String) -> LocationCacheFile? {
        let path = fileURL(for: url, identity: identity).path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = (attributes[.size] as? NSNumber)?.uint64Value, size <= Self.maximumFileSize,
              let data = FileManager.default.contents(atPath: path) else { return nil }
        guard let file = LocationCacheFile.parse(bytes: [UInt8](data)), file.identity == identity, file.gdb == gdb else { return nil }
        return file
    }

    /// Writes a module's locations (best effort: a cache that cannot be written is no error).
    @discardableResult
    public func save(_ file: LocationCacheFile, for url: URL) -> Bool {
        let target = fileURL(for: url, identity: file.identity)
        let temporary = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try Data(file.serialized().utf8).write(to: temporary)
            guard rename(temporary.path, target.path) == 0 else {
                try? FileManager.default.removeItem(at: temporary)
                return false
            }
            return true
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            return false
        }
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
