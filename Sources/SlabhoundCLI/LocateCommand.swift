import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct LocateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "locate", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`locate` is not implemented yet") }
}
