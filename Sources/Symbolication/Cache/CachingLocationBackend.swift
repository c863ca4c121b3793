import Foundation

/// A `LocationBackend` that remembers what gdb answered, per symbol file, across runs
/// (`LocationCache`), and starts gdb only when an address is not remembered.
///
/// Addresses are cached by their place in the symbol file (link address, or section + offset
/// for a `.ko`), not by gdb address, so a warm run gives the same answers wherever `Symbolizer`
/// places the module. A module whose cache file is valid is not even loaded into gdb until one
/// of its addresses misses; a module without one is queued for gdb at once: gdb's start and the
/// load run in the background while the caller goes on parsing and planning the trace, and
/// `resolve` waits for them (a cold run overlaps gdb's ~60 ms start with its own work). Addresses
/// gdb knew nothing about are remembered too, so a warm run of a trace with unresolvable frames
/// does not start gdb either.
///
/// Call `shutdown()` (what `Symbolizer.shutdown()` does) or `flush()` to write the files.
public actor CachingLocationBackend: LocationBackend {
    public typealias Starter = @Sendable () async throws -> LocationBackend

    private struct Module {
        var loaded: LoadedModule
        /// Where the module sits in gdb's space (computed once: `gdbRange` walks the sections).
        var spans: [LoadedModule.GdbSpan]
        var identity: LocationCacheFile.Identity?
        var file: LocationCacheFile?
        var dirty = false
        var inGdb = false
        /// Why gdb could not load the module (its addresses stay unanswered).
        var loadFailure: String?
    }

    private let cache: LocationCache
    private let gdb: String
    private let start: Starter
    private var inner: LocationBackend?
    /// gdb's start, shared by every caller that needs gdb while it is under way.
    private var starting: Task<LocationBackend, any Error>?
    /// The queued gdb loads, each after the one before (gdb loads one file at a time).
    private var loading: Task<Void, Never>?
    private var modules: [Module] = []
    /// Why `start` failed; it is not tried again for every module of the same run.
    private var startError: (any Error)?
    /// gdb was needed (a miss, or a module without a cache file) and could not start, since
    /// `takeStartFailure()` was last called.
    private var neededButFailed = false

    /// `gdb` names the gdb that `start` runs (its resolved path): answers cached for another gdb
    /// are not reused. `start` makes the real backend (e.g. `GdbBackend.start(gdb:timeout:)`);
    /// it runs at most once, on the first load or lookup the cache cannot answer.
    public init(cache: LocationCache, gdb: String, start: @escaping Starter) {
        self.cache = cache
        self.gdb = gdb
        self.start = start
    }

    public var modeDescription: String {
        get async {
            if let inner { return await inner.modeDescription }
            if let startError { return "cached answers only; \(startError)" }
            let cached = modules.compactMap { $0.file?.mode }.first ?? "nothing resolved"
            return "cached: \(cached)"
        }
    }

    private func backend() async throws -> LocationBackend {
        if let inner { return inner }
        if let startError {
            neededButFailed = true
            throw startError
        }
        let task = starting ?? Task { [start] in try await start() }
        starting = task
        do {
            let made = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
            inner = made
            return made
        } catch {
            starting = nil
            // Ctrl-C during the start is not gdb's fault: the next command may try again.
            if !(error is CancellationError) { startError = error }
            neededButFailed = true
            throw error
        }
    }

    /// Queues gdb's load of a module behind the loads before it (starting gdb if needed).
    private func queueLoad(_ index: Int) {
        modules[index].inGdb = true
        let previous = loading
        loading = Task {
            // Ctrl-C cancels the newest load (`loadsDone`): it passes on to the ones before it,
            // so the first, waiting for gdb's start, cancels the start.
            await withTaskCancellationHandler { await previous?.value } onCancel: { previous?.cancel() }
            do {
                try Task.checkCancellation()
                try await backend().load(modules[index].loaded)
            } catch is CancellationError {
                modules[index].inGdb = false  // Ctrl-C: the next lookup queues it again
            } catch {
                modules[index].loadFailure = "\(error)"
            }
        }
    }

    /// Waits for the queued loads; Ctrl-C stops the wait and what is being started.
    private func loadsDone() async {
        guard let loading else { return }
        await withTaskCancellationHandler { await loading.value } onCancel: { loading.cancel() }
    }

    /// Why gdb could not load the symbol file at `url`, if it was queued and failed.
    public func loadFailure(of url: URL) async -> String? {
        await loadsDone()
        return modules.first { $0.loaded.url == url && $0.loadFailure != nil }?.loadFailure
    }

    /// Why gdb could not start, if something needed it since the last call (answers from the
    /// cache were still given; what needed gdb is unresolved). With the cache off the same
    /// failure ends the command at once; a caller uses this to fail the same way, not
    /// silently. Resets, so a long-lived session asks once per command.
    public func takeStartFailure() -> String? {
        defer { neededButFailed = false }
        guard neededButFailed else { return nil }
        return startError.map { "\($0)" } ?? "gdb did not start"
    }

    public func load(_ module: LoadedModule) async throws {
        let identity = LocationCache.identity(of: module.url, buildID: module.elf.buildID)
        let file = identity.flatMap { cache.load(for: module.url, identity: $0, gdb: gdb) }
        modules.append(Module(loaded: module, spans: module.gdbSpans, identity: identity, file: file))
        // Nothing remembered: gdb will be needed for this module anyway. An empty file is
        // written even if no address of it is asked (a module loaded only for its
        // /proc/PID/maps line), so the next run need not start gdb for it (see `flush`).
        if file == nil { queueLoad(modules.count - 1) }
    }

    public func resolve(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
        var result: [UInt64: AddressLocation] = [:]
        var misses: [UInt64] = []
        var owners: [UInt64: (Int, LocationCacheFile.Key)] = [:]
        for address in addresses {
            guard let (index, key) = place(address) else { misses.append(address); continue }
            owners[address] = (index, key)
            switch modules[index].file?.entries[key] {
            case .found(let location)?: result[address] = location
            case .unknown?: break
            case nil: misses.append(address)
            }
        }
        guard !misses.isEmpty else { return result }

        for index in Set(misses.compactMap { owners[$0]?.0 }).sorted() where !modules[index].inGdb {
            queueLoad(index)
        }
        await loadsDone()
        // Ctrl-C while the loads waited: stop before gdb answers without the modules.
        try Task.checkCancellation()
        // A module gdb could not load (or could not start for) is not asked about: its frames
        // say why (`loadFailure(of:)`), and a gdb that did not start does not cost the batch
        // the answers the cache gave for other modules.
        let asked = misses.filter { address in owners[address].map { modules[$0.0].loadFailure == nil } ?? true }
        // Still a command that needed the gdb that did not start (`takeStartFailure`).
        if asked.count < misses.count, inner == nil, startError != nil { neededButFailed = true }
        guard !asked.isEmpty else { return result }
        let gdb = try await backend()
        let found = try await gdb.resolve(asked)
        let mode = await gdb.modeDescription
        for address in asked {
            if let location = found[address] { result[address] = location }
            // Only what gdb answered with the module loaded is remembered ("unknown" included).
            guard let (index, key) = owners[address], modules[index].inGdb, modules[index].loadFailure == nil,
                  let identity = modules[index].identity else { continue }
            if modules[index].file == nil || modules[index].file?.mode != mode {
                // A file written by another mode (pure MI vs python) is replaced, not mixed.
                modules[index].file = LocationCacheFile(identity: identity, gdb: self.gdb, mode: mode)
            }
            modules[index].file!.entries[key] = found[address].map { .found($0) } ?? .unknown
            modules[index].dirty = true
        }
        return result
    }

    /// Writes every module file that gained entries, and an empty one for each module gdb
    /// loaded without being asked about it.
    public func flush() async {
        await loadsDone()
        if let inner {
            let mode = await inner.modeDescription
            for index in modules.indices where modules[index].file == nil && modules[index].inGdb
                && modules[index].loadFailure == nil {
                guard let identity = modules[index].identity else { continue }
                modules[index].file = LocationCacheFile(identity: identity, gdb: gdb, mode: mode)
                modules[index].dirty = true
            }
        }
        for index in modules.indices where modules[index].dirty {
            if let file = modules[index].file { cache.save(file, for: modules[index].loaded.url) }
            modules[index].dirty = false
        }
    }

    public func shutdown() async {
        await flush()
        await inner?.shutdown()
    }

    public func interrupt() async {
        await inner?.interrupt()
    }

    /// Which module an address of gdb's space belongs to, and its key inside the file.
    private func place(_ address: UInt64) -> (Int, LocationCacheFile.Key)? {
        for (index, module) in modules.enumerated() {
            for span in module.spans where span.range.contains(address) {
                return (index, .init(section: span.section, offset: address &- span.base))
            }
        }
        return nil
    }
}
