import CReadline
import Foundation

/// The C side of readline: callbacks must be `@convention(c)` functions without context, so
/// what they need lives here. Readline itself is single-threaded; every access below happens on
/// the thread that is inside `ReadlineEditor.readBlocking`, one read at a time.
enum ReadlineBridge {
    /// Set by the line handler: the line readline accepted, or nil at EOF (Ctrl-D).
    nonisolated(unsafe) static var acceptedLine: String?
    nonisolated(unsafe) static var lineComplete = false
    /// True when the accepted line was ended by our bracketed-paste hook rather than Enter.
    nonisolated(unsafe) static var endedByPaste = false
    nonisolated(unsafe) static var completer: Completer?
    /// Candidates for the completion in progress, handed out one by one to readline.
    nonisolated(unsafe) static var candidates: [String] = []
    nonisolated(unsafe) static var candidateIndex = 0

    /// Readline calls this with the finished line (malloc'd; ours to free) or NULL at EOF.
    static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        if let line {
            acceptedLine = String(cString: line)
            free(line)
        } else {
            acceptedLine = nil
        }
        lineComplete = true
        // Leave callback mode now: the terminal returns to cooked mode (so Ctrl-C raises SIGINT
        // for the running command) and readline will not redisplay the prompt on its own.
        rl_callback_handler_remove()
    }

    /// Bound to the terminal's paste-start sequence (ESC [ 200 ~): let readline read the whole
    /// paste, then accept it at once when it spans lines, so a pasted trace needs no Enter.
    static let bracketedPasteBegin: @convention(c) (Int32, Int32) -> Int32 = { count, key in
        let status = rl_bracketed_paste_begin(count, key)
        if let buffer = slabhound_rl_line_buffer(), strchr(buffer, 0x0A) != nil {
            endedByPaste = true
            slabhound_rl_set_done(1)
        }
        return status
    }

    /// readline's attempted-completion function: ask the Swift completer, answer with a match list.
    static let attemptedCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        // Never fall back to readline's default (filenames everywhere): the completer decides.
        slabhound_rl_set_attempted_completion_over(1)
        guard let text, let completer else { return nil }
        let word = String(cString: text)
        let bufferBytes = slabhound_rl_line_buffer().map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: Int(strlen($0)))) } ?? []
        let line = String(decoding: bufferBytes, as: UTF8.self)
        let prefix = String(decoding: bufferBytes.prefix(max(0, min(Int(start), bufferBytes.count))), as: UTF8.self)
        let request = CompletionRequest(line: line,
                                        precedingWords: prefix.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init),
                                        word: word)
        let answer = completer(request)
        var matches = answer.words.filter { $0.hasPrefix(word) }
        if answer.includeFilenames {
            var state: Int32 = 0
            while let name = slabhound_rl_filename_completion(text, state) {
                matches.append(String(cString: name))
                free(name)
                state += 1
            }
            // Lets readline append "/" to directories and quote awkward names.
            slabhound_rl_set_filename_completion_desired(1)
        }
        var seen = Set<String>()
        candidates = matches.filter { seen.insert($0).inserted }.sorted()
        candidateIndex = 0
        guard !candidates.isEmpty else { return nil }
        return rl_completion_matches(text, candidateGenerator)
    }

    /// Hands readline one malloc'd candidate per call until NULL.
    static let candidateGenerator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { candidateIndex = 0 }
        guard candidateIndex < candidates.count else { return nil }
        defer { candidateIndex += 1 }
        return strdup(candidates[candidateIndex])
    }
}
