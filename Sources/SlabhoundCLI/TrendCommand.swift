import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct TrendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trend", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`trend` is not implemented yet") }
}
