import Captures
import Foundation

/// Turns frames printed by a board into source locations: finds each module's symbol file,
/// places it in one gdb, computes the address of the call, and asks gdb — once per distinct
/// address, in batches.
public actor Symbolizer {
    private let index: SymbolFileIndex
    private let backend: LocationBackend
    private var layout: ModuleLayout?
    private var modules: [ModuleKey: LoadedModule] = [:]
    /// Modules whose file is missing or unreadable, with the reason (asked once).
    private var unavailable: [ModuleKey: String] = [:]
    /// Modules being parsed and placed now: a second caller (a plan made while a warm-up waits
    /// for gdb) waits for the same one instead of placing the file twice.
    private var placing: [ModuleKey: Task<Result<LoadedModule, SymbolizerError>, Never>] = [:]
    private var cache: [UInt64: AddressLocation] = [:]
    /// Addresses gdb was asked about and knew nothing of.
    private var unknown: Set<UInt64> = []

    public init(index: SymbolFileIndex, backend: LocationBackend) {
        self.index = index
        self.backend = backend
    }

    public var mode: String { get async { await backend.modeDescription } }

    /// Every module placed so far (for `symbols` listings).
    public var loadedModules: [LoadedModule] { modules.values.sorted { $0.url.path < $1.url.path } }

    public func shutdown() async { await backend.shutdown() }

    /// Ctrl-C: interrupts gdb's current command; loaded modules and cached answers stay.
    public func interrupt() async { await backend.interrupt() }

    /// Saves cached answers now (a long-lived shell session is not shut down after each command).
    public func flush() async { await backend.flush() }

    // MARK: - Modules

    /// The loaded module for a key, loading it into gdb on first use.
    public func module(for key: ModuleKey) async -> Result<LoadedModule, SymbolizerError> {
        if let module = modules[key] { return .success(module) }
        if let reason = unavailable[key] { return .failure(SymbolizerError(reason)) }
        if let pending = placing[key] { return await pending.value }
        let task = Task { await self.loadModule(key) }
        placing[key] = task
        let result = await task.value
        placing[key] = nil
        return result
    }

    /// Finds, parses, places and loads a module not seen before (see `module(for:)`).
    private func loadModule(_ key: ModuleKey) async -> Result<LoadedModule, SymbolizerError> {
        if case .kernelModule(let name) = key, !TraceFrame.isKernelModuleName(name) {
            // `[../../x]`: the kernel prints module names of letters, digits, `_` and `-` only.
            let reason = "[\(name)] is not a kernel module name (letters, digits, _ and -): a mangled trace?"
            unavailable[key] = reason
            return .failure(SymbolizerError(reason))
        }
        guard let url = index.file(for: key) else {
            let reason = "no symbol file \(key.expectedFileName)" + (index.roots.isEmpty ? " (no --symbols given; in the shell: load DIR)" : " under --symbols")
            unavailable[key] = reason
            return .failure(SymbolizerError(reason))
        }
        do {
            let elf = try ELFFile(contentsOf: url)
            let module = try place(key: key, url: url, elf: elf)
            try await backend.load(module)
            modules[key] = module
            return .success(module)
        } catch {
            let reason = "cannot load \(url.path): \(error)"
            unavailable[key] = reason
            return .failure(SymbolizerError(reason))
        }
    }

    private func place(key: ModuleKey, url: URL, elf: ELFFile) throws -> LoadedModule {
        if layout == nil {
            layout = ModuleLayout(is64Bit: elf.is64Bit)
            // Executables sit at their link addresses; reserve every known one up front is not
            // possible (they are loaded lazily), so reserve as they come and keep slots high.
        }
        switch elf.fileType {
        case .executable:
            if let span = elf.addressSpan { layout!.reserve(span) }
            return LoadedModule(key: key, url: url, elf: elf, slide: 0, sectionAddresses: [:])
        case .sharedObject:
            guard let span = elf.addressSpan, let start = layout!.allocate(length: span.upperBound + 1) else {
                throw SymbolizerError("no address range left for \(url.lastPathComponent)")
            }
            return LoadedModule(key: key, url: url, elf: elf, slide: start, sectionAddresses: [:])
        case .relocatable:
            // Lay the allocated sections out one after another, each 16-byte aligned.
            let sections = elf.sections.filter { $0.isAllocated && $0.size > 0 }
            let total = sections.reduce(UInt64(0)) { $0 + (($1.size + 15) & ~15) }
            guard let start = layout!.allocate(length: max(total, 1)) else {
                throw SymbolizerError("no address range left for \(url.lastPathComponent)")
            }
            var next = start
            var addresses: [Int: UInt64] = [:]
            for section in sections {
                addresses[section.index] = next
                next += (section.size + 15) & ~15
            }
            return LoadedModule(key: key, url: url, elf: elf, slide: 0, sectionAddresses: addresses)
        case .core:
            throw SymbolizerError("\(url.path) is a core file, not a symbol file")
        }
    }

    // MARK: - Frames

    /// Resolves frames (and infers load bases from them and from maps regions found in the
    /// same input). The result has one entry per frame, in order.
    public func resolve(_ frames: [TraceFrame], maps: [MappedRegion] = []) async -> [ResolvedFrame] {
        Array(await resolveShared(frames, maps: maps))
    }

    /// `resolve`, with the outcomes shared among frames rather than copied into each (a stress
    /// log of 50,000 frames has a few dozen outcomes).
    public func resolveShared(_ frames: [TraceFrame], maps: [MappedRegion] = []) async -> ResolvedFrames {
        await finish(await plan(frames, maps: maps))
    }

    /// The first half of `resolveShared`: load bases, modules and the address to look up for
    /// each distinct frame — work of this process only, apart from queueing modules for gdb.
    /// `symbolize` plans the whole input while gdb is still busy with a warm-up.
    public func plan(_ frames: [TraceFrame], maps: [MappedRegion] = []) async -> FramePlan {
        let bases = await inferBases(frames: frames, maps: maps)
        // A frame's outcome depends on what was printed, not where — except a bare-address
        // frame, whose load base is the evidence nearest its line: plan and finish each distinct
        // one once (a stress log prints a few dozen frames tens of thousands of times).
        var outcomes: [(frame: ResolvedFrame, lookup: UInt64?)] = []
        var outcomeOfFrame: [Int] = []
        outcomeOfFrame.reserveCapacity(frames.count)
        var planned: [PlanKey: Int] = [:]
        for frame in frames {
            let key = PlanKey(frame, bases: bases)
            if let known = planned[key] {
                outcomeOfFrame.append(known)
                continue
            }
            let fresh = await plan(frame, bases: bases)
            planned[key] = outcomes.count
            outcomeOfFrame.append(outcomes.count)
            outcomes.append(fresh)
        }
        return FramePlan(outcomes: outcomes, outcomeOfFrame: outcomeOfFrame, frames: frames)
    }

    /// The second half of `resolveShared`: asks gdb what no earlier call answered, and puts
    /// the answers in the planned outcomes.
    public func finish(_ plan: FramePlan) async -> ResolvedFrames {
        let outcomes = plan.outcomes
        let wanted = Set(outcomes.compactMap(\.lookup)).subtracting(cache.keys).subtracting(unknown)
        var failure: String?
        if !wanted.isEmpty {
            for batch in wanted.sorted().chunked(into: 256) {
                do {
                    let found = try await backend.resolve(batch)
                    for address in batch {
                        if let location = found[address] { cache[address] = location } else { unknown.insert(address) }
                    }
                } catch {
                    failure = "gdb failed: \(error)"
                }
            }
        }
        // A module gdb failed to load after `load` returned (a queued load): its frames say why.
        var loadFailures: [ModuleKey: String?] = [:]  // asked once per module, nil: loaded fine
        for (planned, lookup) in outcomes {
            guard let lookup, cache[lookup] == nil, planned.reason == nil else { continue }
            let key = ModuleKey(frame: planned.frame)
            guard loadFailures[key] == nil, let url = modules[key]?.url else { continue }
            loadFailures[key] = await backend.loadFailure(of: url).map { "cannot load \(url.path): \($0)" }
        }
        let finished = outcomes.map { planned, lookup in
            var result = planned
            guard let lookup, result.reason == nil else { return result }
            if let location = cache[lookup] {
                result.location = location
                if let printed = result.frame.function, !Self.sameFunction(printed, location) {
                    result.warnings.append("trace names \(printed) but the symbol file has \(Self.outermost(location)) here: is it the same build?")
                }
            } else {
                let key = ModuleKey(frame: result.frame)
                let loadFailure = loadFailures[key].flatMap { $0 }
                result.reason = failure ?? loadFailure ?? "no line info at this address in \(key.expectedFileName)"
            }
            return result
        }
        return ResolvedFrames(outcomes: finished, outcomeOfFrame: plan.outcomeOfFrame, frames: plan.frames)
    }

    private static func outermost(_ location: AddressLocation) -> String {
        location.inlinedBy.last?.function ?? location.innermost.function
    }

    /// The printed name is the ELF name (mangled for C++); gdb's is demangled and may carry a
    /// parameter list or a `.constprop.3`-style suffix.
    static func sameFunction(_ printed: String, _ location: AddressLocation) -> Bool {
        let names = [location.innermost.function] + location.inlinedBy.map(\.function)
        func bare(_ name: String) -> String {
            var text = Substring(name)
            if let paren = text.firstIndex(of: "(") { text = text[..<paren] }
            if let dot = text.firstIndex(of: "."), dot != text.startIndex { text = text[..<dot] }
            return String(text)
        }
        let wanted = bare(printed)
        return names.contains { bare($0) == wanted || $0.contains(wanted) || wanted.hasPrefix("_Z") }
    }

    private func inferBases(frames: [TraceFrame], maps: [MappedRegion]) async -> LoadBaseInference {
        var inference = LoadBaseInference()
        var symbolValues: [SymbolKey: UInt64?] = [:]
        for frame in frames where frame.kind == .user {
            guard let path = frame.module, let address = frame.address, let offset = frame.offset else { continue }
            if let name = frame.function {
                let symbolKey = SymbolKey(path: path, name: name)
                let value: UInt64?
                if let known = symbolValues[symbolKey] {
                    value = known
                } else {
                    if case .success(let module) = await module(for: .user(path)) {
                        value = module.symbol(named: name, size: nil)?.value
                    } else {
                        value = nil
                    }
                    symbolValues[symbolKey] = value
                }
                guard let value else { continue }
                inference.record(module: path, line: frame.inputLine, base: address &- offset &- value,
                                 source: "\(name)+0x\(String(offset, radix: 16)) at line \(frame.inputLine)")
            } else {
                inference.record(module: path, line: frame.inputLine, base: address &- offset,
                                 source: "+0x\(String(offset, radix: 16)) at line \(frame.inputLine)")
            }
        }
        for region in maps where region.fileOffset == 0 {
            guard case .success(let module) = await module(for: .user(region.path)) else { continue }
            let firstPage = module.elf.firstLoadAddress & ~0xfff
            inference.record(module: region.path, line: region.line, base: region.start &- firstPage,
                             source: "/proc/PID/maps at line \(region.line)")
        }
        return inference
    }

    private struct SymbolKey: Hashable {
        var path: String
        var name: String
    }

    /// What a frame's plan depends on: the frame as printed (not its line) and, for a bare
    /// user-space address, the load-base evidence that applies at its line.
    private struct PlanKey: Hashable {
        var frame: TraceFrame
        var base: UInt64?
        var baseSource: String?

        /// Hashes the numbers only: frames of one input that print alike share their strings,
        /// so the full comparison on a hash hit is cheap, while hashing every name is not.
        func hash(into hasher: inout Hasher) {
            hasher.combine(frame.address)
            hasher.combine(frame.offset)
            hasher.combine(frame.size)
            hasher.combine(frame.function?.utf8.count)
            hasher.combine(base)
        }

        init(_ frame: TraceFrame, bases: LoadBaseInference) {
            var printed = frame
            printed.inputLine = 0
            self.frame = printed
            if frame.kind == .user, frame.function == nil, frame.offset == nil, let path = frame.module,
               let evidence = bases.base(for: path, atLine: frame.inputLine) {
                base = evidence.base
                baseSource = evidence.source
            }
        }
    }

    /// Works out the gdb address to look up for one frame, or why there is none.
    private func plan(_ frame: TraceFrame, bases: LoadBaseInference) async -> (ResolvedFrame, UInt64?) {
        var result = ResolvedFrame(frame: frame, address: frame.address)
        let key = ModuleKey(frame: frame)
        let module: LoadedModule
        switch await self.module(for: key) {
        case .success(let found): module = found
        case .failure(let error):
            result.reason = error.message
            return (result, nil)
        }
        var target: UInt64
        if let name = frame.function {
            guard let symbol = module.symbol(named: name, size: frame.kind == .kernel ? frame.size : nil) else {
                result.reason = "\(name) is not a symbol of \(module.url.lastPathComponent)"
                return (result, nil)
            }
            if let size = frame.size, size != symbol.size, frame.kind == .kernel {
                result.warnings.append("size mismatch: the trace says \(name) is 0x\(String(size, radix: 16)) bytes, \(module.url.lastPathComponent) says 0x\(String(symbol.size, radix: 16)) — another build?")
            }
            guard let start = module.address(of: symbol) else {
                result.reason = "\(name) is in a section that is not loaded"
                return (result, nil)
            }
            target = start &+ (frame.offset ?? 0)
            if let offset = frame.offset, symbol.size > 0, offset > symbol.size {
                result.warnings.append("offset 0x\(String(offset, radix: 16)) is past the end of \(name) (0x\(String(symbol.size, radix: 16)) bytes)")
            }
        } else if frame.kind == .user, let offset = frame.offset {
            target = module.address(ofLinkAddress: offset)
        } else if let address = frame.address {
            switch module.elf.fileType {
            case .executable:
                target = address
            case .sharedObject:
                guard let path = frame.module, let base = bases.base(for: path, atLine: frame.inputLine) else {
                    result.reason = "no load base for \(key.expectedFileName): no named frame of it and no /proc/PID/maps line in the input"
                    return (result, nil)
                }
                if bases.hasConflict(for: frame.module ?? "") {
                    result.warnings.append("load base 0x\(String(base.base, radix: 16)) from \(base.source); the input shows other bases too")
                }
                target = module.address(ofLinkAddress: address &- base.base)
            default:
                result.reason = "a bare address cannot be placed in a relocatable module"
                return (result, nil)
            }
        } else {
            result.reason = "the frame has neither a symbol nor an address"
            return (result, nil)
        }
        result.moduleOffset = target &- (module.isRelocatable ? (module.gdbRange?.lowerBound ?? 0) : module.slide)
        if module.isRelocatable { result.moduleOffset = nil }
        return (result, Self.lookupAddress(for: target, isProgramCounter: frame.isProgramCounter, arm: module.elf.isARM))
    }

    /// Return addresses point after the call: look up the call itself. On ARM the Thumb bit is
    /// cleared first and one byte back lands inside the branch of either instruction set.
    static func lookupAddress(for address: UInt64, isProgramCounter: Bool, arm: Bool) -> UInt64 {
        let clean = arm ? address & ~1 : address
        return isProgramCounter || clean == 0 ? clean : clean - 1
    }
}

/// A `/proc/PID/maps` line, reduced to what base inference needs.
public struct MappedRegion: Sendable, Equatable {
    public var path: String
    public var start: UInt64
    public var fileOffset: UInt64
    /// 1-based input line.
    public var line: Int

    public init(path: String, start: UInt64, fileOffset: UInt64, line: Int) {
        self.path = path
        self.start = start
        self.fileOffset = fileOffset
        self.line = line
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
