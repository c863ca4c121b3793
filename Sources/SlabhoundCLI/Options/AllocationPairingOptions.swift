import ArgumentParser
import Investigation
import Shell

/// How allocation backtraces become the blame table: which lines allocate and free (paired by
/// address), which functions are the allocator, and where a site's source lives for `git
/// blame` and source lines. Shared by `blame` and `report`, so both read a log the same way.
struct AllocationPairingOptions: ParsableArguments {
    @Option(name: .customLong("alloc"), help: ArgumentHelp(
        "Regex of an allocation line, with (?<addr>…) and optionally (?<size>…).", valueName: "regex"))
    var allocPattern: String?

    @Option(name: .customLong("free"), help: ArgumentHelp("Regex of a free line, with (?<addr>…).", valueName: "regex"))
    var freePattern: String?

    @Option(name: .customLong("allocator"), help: ArgumentHelp(
        "A function that is part of the allocator, skipped when finding the site (repeatable).", valueName: "name"))
    var allocators: [String] = []

    @Flag(name: .customLong("git-blame"), help: "Show who last changed each site's line (git blame), when the source is in a git work tree.")
    var gitBlame = false

    @Option(name: .customLong("source-map"), help: ArgumentHelp(
        "Rewrite a source path prefix when looking for source files, like gdb's substitute-path (repeatable; before the session's `set source-map`).",
        valueName: "from=to"))
    var sourceMaps: [String] = []

    func validate() throws {
        if (allocPattern == nil) != (freePattern == nil) {
            throw ValidationError("--alloc and --free go together: give both, or neither")
        }
        _ = try pattern()
        for map in sourceMaps where SourceFileLocator.mapping(map) == nil {
            throw ValidationError("--source-map \(map): expected FROM=TO")
        }
    }

    /// The compiled --alloc/--free pair; nil when not given.
    func pattern() throws -> AllocationEventPattern? {
        guard let allocPattern, let freePattern else { return nil }
        switch AllocationEventPattern.compile(alloc: allocPattern, free: freePattern) {
        case .ready(let ready): return ready
        case .invalid(let message): throw ValidationError(message)
        }
    }

    var filter: AllocatorFilter { AllocatorFilter(names: allocators) }

    /// Where to look for source files: --source-map first, then the session's `set source-map`.
    var locator: SourceFileLocator {
        SourceFileLocator(maps: sourceMaps.compactMap(SourceFileLocator.mapping))
    }
}
