import CReadline
import Foundation

/// GNU readline on a terminal: prompt, Emacs/vi editing, persistent bounded history, Tab
/// completion through a Swift callback, bracketed paste, and Ctrl-C that clears the line.
///
/// Readline runs in its callback ("alternate") interface on a thread of its own, polling the
/// terminal and a wake-up pipe: the shell's SIGINT handler can then interrupt a prompt without
/// readline installing signal handlers of its own, and `read` can be awaited from async code.
public final class ReadlineEditor: LineSource, @unchecked Sendable {
    private let configuration: LineEditorConfiguration
    private let inputFD: Int32
    /// Self-pipe: `interrupt()` writes a byte to wake the poll loop.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var interruptPending = false
    private var lastHistoryLine: String?

    public var isInteractive: Bool { true }

    /// Sets up readline for the terminal on stdin/stdout. Only one editor may exist at a time:
    /// readline is a process-wide singleton.
    public init(configuration: LineEditorConfiguration = LineEditorConfiguration(), completer: Completer? = nil) {
        self.configuration = configuration
        self.inputFD = STDIN_FILENO
        var fds: [Int32] = [0, 0]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        if wakeRead >= 0 {
            _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
            _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        }

        slabhound_rl_set_name(strdup(configuration.applicationName))
        slabhound_rl_set_change_environment(0)
        slabhound_rl_set_catch_signals(0)
        slabhound_rl_use_stdio()
        // Words break at blanks only: paths, `module:symbol` and `--opt=value` stay whole.
        slabhound_rl_set_completer_word_break_characters(strdup(" \t\n"))
        ReadlineBridge.completer = completer
        slabhound_rl_set_attempted_completion_function(ReadlineBridge.attemptedCompletion)
        rl_initialize()
        if configuration.bracketedPaste {
            rl_variable_bind("enable-bracketed-paste", "on")
            let sequence = "\u{1B}[200~"
            for name in ["emacs", "vi-insert"] {
                if let map = rl_get_keymap_by_name(name) {
                    rl_bind_keyseq_in_map(sequence, ReadlineBridge.bracketedPasteBegin, map)
                }
            }
        }
        loadHistory()
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead); close(wakeWrite) }
    }

    /// Replaces the completion callback (e.g. once the shell knows its command table).
    public func setCompleter(_ completer: Completer?) {
        lock.withLock { ReadlineBridge.completer = completer }
    }

    public func read(prompt: String) async -> LineInput? {
        await read(prompt: prompt, stopOnInterrupt: false)
    }

    public func read(prompt: String, stopOnInterrupt: Bool) async -> LineInput? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: self.readBlocking(prompt: prompt, stopOnInterrupt: stopOnInterrupt))
            }
            thread.name = "slabhound.readline"
            thread.start()
        }
    }

    public func hasPendingInput(within seconds: Double) async -> Bool {
        let fd = inputFD
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&fds, 1, Int32(seconds * 1000))
                continuation.resume(returning: ready > 0)
            }
            thread.start()
        }
    }

    public func interrupt() {
        lock.withLock { interruptPending = true }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// One prompt, blocking: returns when a line is accepted, a multi-line paste ends, or input ends.
    func readBlocking(prompt: String, stopOnInterrupt: Bool = false) -> LineInput? {
        drainWakePipe()
        lock.withLock { interruptPending = false }
        ReadlineBridge.lineComplete = false
        ReadlineBridge.endedByPaste = false
        ReadlineBridge.acceptedLine = nil
        rl_callback_handler_install(prompt, ReadlineBridge.lineHandler)

        while !ReadlineBridge.lineComplete {
            var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if fds[1].revents != 0 {
                drainWakePipe()
                if lock.withLock({ interruptPending }) {
                    lock.withLock { interruptPending = false }
                    if stopOnInterrupt {
                        rl_free_line_state()
                        rl_callback_sigcleanup()
                        rl_echo_signal_char(SIGINT)
                        rl_callback_handler_remove()
                        slabhound_stdout_write("\n")
                        return .interrupted
                    }
                    clearLineAfterInterrupt()
                }
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
            }
        }
        if !ReadlineBridge.lineComplete {
            rl_callback_handler_remove()
            return nil
        }
        guard let line = ReadlineBridge.acceptedLine else {
            // Ctrl-D: end the prompt line so the shell's farewell starts on a fresh line.
            slabhound_stdout_write("\n")
            return nil
        }
        if ReadlineBridge.endedByPaste {
            // The paste was accepted without Enter: move past the displayed text.
            slabhound_stdout_write("\n")
            let text = line.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            return .paste(text)
        }
        return .line(line)
    }

    /// Ctrl-C at the prompt: show ^C, forget the half-typed line, prompt again (as bash does).
    private func clearLineAfterInterrupt() {
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_echo_signal_char(SIGINT)
        rl_replace_line("", 0)
        rl_crlf()
        rl_on_new_line()
        rl_redisplay()
    }

    private func drainWakePipe() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while Glibc.read(wakeRead, &buffer, buffer.count) > 0 {}
    }

    // MARK: History

    public func addHistory(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !line.contains("\n") else { return }
        lock.lock()
        defer { lock.unlock() }
        // Like bash's ignoredups: Up after repeating a command should reach the one before it.
        if let last = lastHistoryLine, last == line { return }
        lastHistoryLine = line
        add_history(line)
        guard let url = configuration.historyFile else { return }
        // Append as we go so history survives a crash or a kill, then keep the file bounded.
        let path = url.path
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        _ = append_history(1, path)
        _ = history_truncate_file(path, Int32(configuration.historyLimit))
    }

    private func loadHistory() {
        using_history()
        stifle_history(Int32(configuration.historyLimit))
        if let url = configuration.historyFile {
            _ = read_history(url.path)
        }
        let count = slabhound_history_length()
        if count > 0, let last = slabhound_history_line(count - 1) {
            lastHistoryLine = String(cString: last)
        }
    }
}
