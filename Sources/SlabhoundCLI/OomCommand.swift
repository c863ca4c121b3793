import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct OomCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oom", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`oom` is not implemented yet") }
}
