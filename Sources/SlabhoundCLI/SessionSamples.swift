import ArgumentParser
import Captures
import Shell

/// What `trend` and `compare` read when given no file: the shell session's capture — the
/// samples `capture LOG` and pasted dumps put there, the ones `guide` reads. Outside a shell
/// session there is nothing to read, and the error says what to pass.
enum SessionSamples {
    /// Shown in messages where a file name would be.
    static let name = "the session's capture"

    static func samples(command: String, usage: String) throws -> [CaptureSample] {
        guard let state = ShellState.current, state[ShellSessionKey.self] else {
            throw ValidationError("give \(usage) (`-` for stdin). Without a file `\(command)` reads the shell session's capture, and there is none outside the shell: run `slabhound`, then `capture LOG` (or paste dumps) and `\(command)`.")
        }
        let samples = state[SessionCaptureKey.self].samples
        guard !samples.isEmpty else {
            throw ValidationError("the session's capture is empty: `capture LOG` (or paste meminfo/slabinfo/free dumps at the prompt) first, or give \(usage).")
        }
        return samples
    }
}
