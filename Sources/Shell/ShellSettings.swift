import Foundation

/// What `set`/`show` manage and every command may read: the session's defaults.
public struct ShellSettings: Sendable, Equatable, Codable {
    /// Unstripped ELF files and directories to resolve frames against (`--symbols`, `set symbols`).
    public var symbolPaths: [String]
    /// gdb to run; nil means "find one" (`arm-linux-gnueabihf-gdb`, then `gdb-multiarch`).
    public var gdbPath: String?
    /// Page size of the board in bytes (slab memory = slabs × pages per slab × page size).
    public var pageSize: Int
    public var colour: ColourMode
    /// Build-machine source prefixes rewritten to where the sources are here (gdb's
    /// `set substitute-path`), applied in order.
    public var sourcePathMap: [SourcePathMapping]

    public init(symbolPaths: [String] = [], gdbPath: String? = nil, pageSize: Int = 4096,
                colour: ColourMode = .auto, sourcePathMap: [SourcePathMapping] = []) {
        self.symbolPaths = symbolPaths
        self.gdbPath = gdbPath
        self.pageSize = pageSize
        self.colour = colour
        self.sourcePathMap = sourcePathMap
    }
}

/// `set colour auto|on|off`. NO_COLOR in the environment always wins (no-color.org).
public enum ColourMode: String, Sendable, Codable, CaseIterable {
    case auto
    case on
    case off
}

/// One `set source-map FROM TO` entry.
public struct SourcePathMapping: Sendable, Equatable, Codable {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    /// `path` with the prefix replaced, when it starts with `from` at a path-component boundary.
    public func apply(to path: String) -> String? {
        guard path.hasPrefix(from) else { return nil }
        let rest = path.dropFirst(from.count)
        guard rest.isEmpty || rest.hasPrefix("/") || from.hasSuffix("/") else { return nil }
        return to + rest
    }
}

extension ShellSettings {
    /// `~` expanded and made absolute against the current directory, so a setting keeps meaning
    /// the same file whatever a command does later.
    public static func absolutePath(_ path: String) -> String {
        let expanded = NSString(string: path).expandingTildeInPath
        return URL(fileURLWithPath: expanded).standardizedFileURL.path
    }

    /// The first mapping that applies, else the path unchanged.
    public func mapSourcePath(_ path: String) -> String {
        for mapping in sourcePathMap {
            if let mapped = mapping.apply(to: path) { return mapped }
        }
        return path
    }
}
