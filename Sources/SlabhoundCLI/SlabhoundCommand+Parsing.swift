import ArgumentParser

extension SlabhoundCommand {
    /// Options of the root that take a value: a word after one of them is not a command name.
    static let rootOptionsWithValue: Set<String> = ["--symbols", "--gdb", "-x", "--command", "-ex", "--eval-command"]

    /// Parses a command line (the process's arguments, or a shell line's words) into the command
    /// to run.
    ///
    /// Why not plain `parseAsRoot`: swift-argument-parser parses the root's options leniently over
    /// the whole line, so the root's `--json`/`--symbols`/`--gdb` would take the subcommand's
    /// (`symbolize --json` would lose its flag). The subcommand is therefore parsed again from the
    /// words after its name; options written before the name are the session's (see
    /// `ShellSessionOptions.leadingSettings`).
    public static func parseCommandLine(_ words: [String]) throws -> ParsableCommand {
        let command = try parseAsRoot(words)
        guard !(command is SlabhoundCommand) else { return command }
        let name = type(of: command)._commandName
        // `help CMD` is argument-parser's own command: parsed again as a root it would forget it
        // belongs to slabhound and print its own help instead of CMD's.
        guard name != "help" else { return command }
        var index = 0
        while index < words.count {
            if words[index] == name { break }
            if rootOptionsWithValue.contains(words[index]) { index += 1 }
            index += 1
        }
        guard index < words.count else { return command }
        return try type(of: command).parseAsRoot(Array(words[(index + 1)...]))
    }
}
