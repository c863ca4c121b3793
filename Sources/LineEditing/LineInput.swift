/// What one read from the user produced.
public enum LineInput: Sendable, Equatable {
    /// One line typed (or read from a non-terminal), without its newline.
    case line(String)
    /// A bracketed paste that held more than one line: the whole pasted text, lines joined with
    /// "\n". The terminal told us where it begins and ends, so no guessing is needed.
    case paste(String)
    /// Ctrl-C, for a read that asked to be told (`read(prompt:stopOnInterrupt:)`).
    case interrupted
}
