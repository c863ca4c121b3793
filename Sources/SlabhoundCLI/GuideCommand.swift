import ArgumentParser
import Foundation
import Investigation
import Shell

/// `guide`: the method's checklist over what the session has seen, with the next action.
struct GuideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guide",
        abstract: "Where the investigation stands: the method's five steps, each done or pending, with the next action.",
        discussion: """
        Step 0 is it a leak? (trend over the session's capture) 1 which memory? (compare's \
        meminfo verdict) 2 which caches? (compare's slab caches and what the rules table says \
        they mean) 3 which heap owner? (heap-dump owners) 4 which allocation sites, located to \
        source? (allocation backtraces, kmemleak, or alloc_calls sites that grew). Each step is \
        done, pending or not-applicable, with its evidence in one line and the exact next \
        action. In the shell it reads the session (`capture`, pasted dumps and traces, `load`); \
        with FILEs it reads those instead. With symbols loaded it locates the allocation sites \
        with gdb (once per state of the session).
        """)

    @Flag(help: "Print JSON: {steps: [{step, question, status, evidence, next}], route, current, summary}.")
    var json = false

    @Option(help: ArgumentHelp("A rules table (JSON, as `compare --print-rules`) instead of the default.", valueName: "FILE"))
    var rules: String?

    @Flag(name: .customLong("no-locate"), help: "Do not run gdb to locate the allocation sites.")
    var noLocate = false

    @Argument(help: "Capture logs to read instead of the session's capture (`-` for stdin).")
    var files: [String] = []

    func run() async throws {
        let session = ShellState.current ?? ShellState()
        let state: ShellState
        if files.isEmpty {
            state = session
        } else {
            state = ShellState(settings: session.settings)
            for file in files { _ = try Self.ingest(path: file, into: state) }
        }
        var table = LeakRules.default
        if let rules {
            guard let data = FileManager.default.contents(atPath: rules) else { throw ValidationError("cannot read rules file \(rules)") }
            do { table = try LeakRules.parse(data) } catch let e as InvestigationError { throw ValidationError(e.description) }
            // A different table gives a different analysis: do not reuse the cached one.
            state[GuideAnalysisKey.self] = nil
        }
        if !noLocate { await Self.locate(state, diagnostics: Diagnostics()) }
        let checklist = GuideChecklist.evaluate(Self.evidence(state, rules: table), rules: table)
        if rules != nil { state[GuideAnalysisKey.self] = nil }
        if json {
            print(try JSONText.encode(checklist))
        } else {
            print(Self.text(checklist), terminator: "")
            // Its last line is the summary the status line would repeat.
            if files.isEmpty { session[GuideSummaryShownKey.self] = true }
        }
    }

    static func text(_ c: GuideChecklist) -> String {
        var out = ""
        for step in c.steps {
            let mark: String
            switch step.status {
            case .done: mark = "[done]   "
            case .pending: mark = "[pending]"
            case .notApplicable: mark = "[n/a]    "
            }
            out += "\(mark) \(step.number). \(step.question)\n"
            out += "          \(step.evidence)\n"
            if let next = step.next, step.status != .notApplicable {
                out += "          next: \(next)\n"
            }
        }
        out += "\n" + c.summary + "\n"
        return out
    }
}
