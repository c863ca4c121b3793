import LineEditing

extension Shell {
    /// Tab completion: command names first, then options (`-…`), setting names and values,
    /// file paths, and whatever names the hooks know (loaded modules, symbols).
    public func completions(for request: CompletionRequest) -> Completions {
        if request.isCommandPosition {
            let names = Builtin.all.filter { !$0.isHidden }.flatMap { [$0.name] + $0.aliases }
                + dispatcher.commands.filter { !$0.isHidden }.flatMap { [$0.name] + $0.aliases }
            return Completions(words: names)
        }
        let command = request.precedingWords[0]
        let argumentIndex = request.precedingWords.count - 1
        if let builtin = Builtin.named(command) {
            if request.word.hasPrefix("-") { return Completions(words: builtin.options) }
            switch builtin.kind {
            case .help:
                return Completions(words: Builtin.all.filter { !$0.isHidden }.map(\.name)
                                   + dispatcher.commands.filter { !$0.isHidden }.map(\.name))
            case .set, .show:
                if argumentIndex == 0 { return Completions(words: Builtin.settingNames.map { $0[0] }) }
                guard builtin.kind == .set, let setting = Builtin.canonicalSetting(request.precedingWords[1]) else { return .none }
                switch setting {
                case "colour": return Completions(words: ColourMode.allCases.map(\.rawValue))
                case "page-size": return Completions(words: ["4096", "16k", "64k"])
                default: return Completions(includeFilenames: true)
                }
            case .source:
                return Completions(includeFilenames: true)
            case .quit, .paste, .sleep:
                return .none
            }
        }
        guard let info = dispatchedCommand(named: command) else { return .none }
        if request.word.hasPrefix("-") { return Completions(words: info.options) }
        let context = CompletionContext(command: info.name, precedingWords: request.precedingWords, word: request.word)
        return Completions(words: hooks.completionWords(context, state), includeFilenames: true)
    }

    /// A completer for `ReadlineEditor` bound to this shell.
    public var completer: Completer {
        { [self] request in self.completions(for: request) }
    }
}
