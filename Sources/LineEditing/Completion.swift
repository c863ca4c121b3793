/// What the user has typed when Tab is pressed, split the way the shell splits commands.
public struct CompletionRequest: Sendable, Equatable {
    /// The whole line as typed so far.
    public var line: String
    /// The words before the one being completed (the first is the command name).
    public var precedingWords: [String]
    /// The partial word under the cursor (may be empty).
    public var word: String

    public init(line: String, precedingWords: [String], word: String) {
        self.line = line
        self.precedingWords = precedingWords
        self.word = word
    }

    /// True when the word being completed is the command name.
    public var isCommandPosition: Bool { precedingWords.isEmpty }
}

/// The answer to a completion request: words to offer, and whether file paths fit here too.
public struct Completions: Sendable, Equatable {
    /// Candidate words; those not starting with the typed prefix are dropped by the editor.
    public var words: [String]
    /// Also offer file and directory names (readline's own filename completion).
    public var includeFilenames: Bool

    public init(words: [String] = [], includeFilenames: Bool = false) {
        self.words = words
        self.includeFilenames = includeFilenames
    }

    public static let none = Completions()
}

public typealias Completer = @Sendable (CompletionRequest) -> Completions
