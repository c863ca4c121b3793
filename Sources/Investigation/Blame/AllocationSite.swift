/// Where an allocation was made: the first frame past the allocator, symbolized.
public struct AllocationSite: Sendable, Hashable {
    public var module: String
    /// The location, or nil when the frame did not resolve to a function with a line.
    public var location: BlameLocation?
    /// Functions `location` is inlined into, innermost first.
    public var inlinedBy: [BlameLocation]
    /// The frame as a module and offset (`/lib/libMD_LINUX.so+0x5ac`): the key of an
    /// unresolved site, and shown next to a resolved one.
    public var raw: String
    /// Absolute path of `location.file` when known (for `git blame`).
    public var fullPath: String?

    public init(module: String, location: BlameLocation?, inlinedBy: [BlameLocation] = [], raw: String,
                fullPath: String? = nil) {
        self.module = module
        self.location = location
        self.inlinedBy = inlinedBy
        self.raw = raw
        self.fullPath = fullPath
    }

    /// Sites are the same when they are the same source line of the same module (whatever the
    /// address — two calls on one line, or one line reached through different inlining); an
    /// unresolved site is its module offset.
    public struct Key: Sendable, Hashable {
        var module: String
        var function: String?
        var file: String?
        var line: Int?
        var raw: String?
    }

    public var key: Key {
        if let location, location.line != nil {
            return Key(module: module, function: location.function, file: location.file, line: location.line, raw: nil)
        }
        return Key(module: module, function: nil, file: nil, line: nil, raw: raw)
    }

    /// `md_alloc_luma at user/md.c:28, inlined into md_alloc_planes at user/md.c:38`, or the raw frame.
    public var text: String {
        guard let location else { return raw }
        return ([location.text] + inlinedBy.map { "inlined into \($0.text)" }).joined(separator: ", ")
    }
}
