import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct CollectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "collector", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`collector` is not implemented yet") }
}
