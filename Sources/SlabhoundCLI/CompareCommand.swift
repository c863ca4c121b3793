import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`compare` is not implemented yet") }
}
