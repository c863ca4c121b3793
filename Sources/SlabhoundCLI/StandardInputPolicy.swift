import ArgumentParser
import Shell

/// Whether a command may read stdin (`-`, or no FILE where that means stdin). Outside a shell
/// session it may: `slabhound trend - < log`. In the shell stdin is the terminal or the stream
/// of commands — a command reading it would hang at the prompt (Ctrl-C cannot end a blocked
/// read) or swallow the commands after it — except in batch mode with -x/-ex, whose commands
/// are not on stdin (`cat log | slabhound -batch -ex 'trend -'`).
enum StandardInputPolicy {
    static func check() throws {
        guard let state = ShellState.current, state[ShellSessionKey.self], !state[FreeStandardInputKey.self] else { return }
        throw ValidationError("stdin is where the shell reads its commands: give a FILE (or paste the text at the prompt; in scripts, `slabhound -batch -ex '… -'` leaves stdin to the command)")
    }
}

/// Set by the launcher when the session's commands come from -x/-ex only (batch mode), so
/// stdin is free for a command's `-`.
enum FreeStandardInputKey: ShellStateKey {
    static let defaultValue = false
}
