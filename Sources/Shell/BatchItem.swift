/// One gdb-style batch instruction, run in command-line order.
public enum BatchItem: Sendable, Equatable {
    /// `-ex 'CMD'`: one command line.
    case command(String)
    /// `-x FILE`: a file of commands (and pastes), like `source FILE`.
    case file(String)
}
