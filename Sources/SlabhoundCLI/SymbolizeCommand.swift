import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the real command.
struct SymbolizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "symbolize", abstract: "(not yet implemented)")
    func run() async throws { throw ValidationError("`symbolize` is not implemented yet") }
}
