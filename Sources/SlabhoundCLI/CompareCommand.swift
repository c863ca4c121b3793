import ArgumentParser
import Foundation
import Investigation

/// Steps 1–3: which kind of memory, which slab caches, which heap owner grew.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Steps 1–3: compare meminfo, slabinfo and MMA heap dumps of two moments.",
        discussion: """
        One CAPTURE: its first sample against its last (or --from N --to M, 1-based sample \
        numbers). BEFORE AFTER: the first sample of BEFORE against the last of AFTER. Each dump \
        kind is taken from the nearest sample that printed it. No file, in the shell or batch \
        mode: the session's capture (`capture LOG`, pasted dumps), first sample against last. The verdict kind is slab, anon, \
        page-cache, vmalloc, cma, unaccounted or none; what a growing cache means comes from \
        the rules table (--print-rules shows it, --rules FILE replaces it).
        """)

    @Flag(help: "Print JSON: {verdict{kind,summary}, meminfo[], slabinfo[], heaps[], next_step}.")
    var json = false

    @Option(help: "Sample number (1-based) to compare from.")
    var from: Int?

    @Option(help: "Sample number (1-based) to compare to.")
    var to: Int?

    @Option(help: "Page size of the board in bytes.")
    var pageSize: Int = 4096

    @Option(help: ArgumentHelp("A rules table (JSON, same shape as --print-rules) to use instead of the default.", valueName: "FILE"))
    var rules: String?

    @Flag(help: "Print the default rules table and exit.")
    var printRules = false

    @Argument(help: "CAPTURE, or BEFORE AFTER (`-` for stdin); none: the shell session's capture.")
    var files: [String] = []

    func validate() throws {
        if printRules { return }
        guard files.count <= 2 else { throw ValidationError("give one CAPTURE, or BEFORE and AFTER (\(files.count) files given)") }
        guard pageSize >= 1024, pageSize & (pageSize - 1) == 0 else {
            throw ValidationError("--page-size must be a power of two ≥ 1024")
        }
        if let from, from < 1 { throw ValidationError("--from counts samples from 1") }
        if let to, to < 1 { throw ValidationError("--to counts samples from 1") }
        if files.count <= 1, let from, let to, from >= to { throw ValidationError("--from must come before --to") }
    }

    func run() async throws {
        if printRules {
            print(DefaultLeakRules.json)
            return
        }
        if files.contains("-") { try StandardInputPolicy.check() }
        do {
            let table: LeakRules
            if let rules {
                guard let data = FileManager.default.contents(atPath: rules) else {
                    throw ValidationError("cannot read rules file \(rules)")
                }
                table = try LeakRules.parse(data)
            } else {
                table = .default
            }
            let before: ComparisonSide, after: ComparisonSide
            if files.count <= 1 {
                var sel = ComparisonSelector(from: from, to: to)
                let name: String
                if let file = files.first {
                    try CaptureFile.forEachSample(path: file) { sel.add($0) }
                    name = file
                } else {
                    for sample in try SessionSamples.samples(command: "compare", usage: "a CAPTURE file, or BEFORE and AFTER") {
                        sel.add(sample)
                    }
                    name = SessionSamples.name
                }
                guard sel.samples >= 2 || (from == nil && to == nil && sel.samples == 1) else {
                    throw ValidationError(sel.samples == 0 ? "no samples found in \(name)" : "only \(sel.samples) sample(s) in \(name)")
                }
                if sel.samples == 1 {
                    throw ValidationError(files.isEmpty
                        ? "only one sample in the session's capture: `capture --append LOG` (or paste) a later dump, or give BEFORE and AFTER files"
                        : "only one sample in \(name): give BEFORE and AFTER files, or a longer capture")
                }
                (before, after) = (sel.first, sel.last)
            } else {
                var b = ComparisonSelector(from: from, to: from)
                var a = ComparisonSelector(from: to, to: to)
                try CaptureFile.forEachSample(path: files[0]) { b.add($0) }
                try CaptureFile.forEachSample(path: files[1]) { a.add($0) }
                (before, after) = (b.first, a.last)
            }
            guard !before.isEmpty else { throw ValidationError("no meminfo, slabinfo or heap dump in the 'before' sample") }
            guard !after.isEmpty else { throw ValidationError("no meminfo, slabinfo or heap dump in the 'after' sample") }
            let c = Comparison.compute(before: before, after: after, pageSize: Int64(pageSize), rules: table)
            if json {
                print(try JSONText.encode(c))
            } else {
                print(c.renderText(), terminator: "")
            }
        } catch let error as InvestigationError {
            throw ValidationError(error.description)
        }
    }
}
