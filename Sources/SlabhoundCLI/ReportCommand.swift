import ArgumentParser

/// `slabhound report --html OUT`: the investigation as one self-contained HTML file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the investigation as one self-contained HTML file (charts, tables, OOM, blame, checklist).")

    @Option(help: ArgumentHelp("The HTML file to write.", valueName: "OUT"))
    var html: String

    func run() async throws {
        throw ValidationError("report: not implemented yet")
    }
}
