import Foundation

/// The real shell in a real terminal: tmux (Debian `tmux`) runs slabhound in a detached
/// session on a private server socket; tests type with `send-keys` and read the screen with
/// `capture-pane`, as a person at a terminal would.
final class TmuxSession {
    let socket = "slabhound-test-\(UUID().uuidString.prefix(8))"
    let home: URL
    private let sessionName = "shell"

    /// Starts `slabhound ARGUMENTS` in a 160×50 terminal with HOME set to `home`.
    init(arguments: [String] = [], home: URL, extraEnvironment: [String: String] = [:]) throws {
        guard let binary = SlabhoundBinary.url else { throw TestFailure(SlabhoundBinary.missingMessage) }
        self.home = home
        var environment = ["HOME": home.path, "NO_COLOR": "1", "TERM": "screen"]
        for (key, value) in extraEnvironment { environment[key] = value }
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }
        let command = (["env"] + assignments + [Self.quote(binary.path)] + arguments.map(Self.quote)).joined(separator: " ")
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", sessionName, "-x", "160", "-y", "50", command])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        unlink("\(ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp")/tmux-\(getuid())/\(socket)")
    }

    /// Types text literally (no key names).
    func type(_ text: String) throws {
        try tmux(["send-keys", "-t", sessionName, "-l", text])
    }

    /// Presses keys by tmux name: "Enter", "Tab", "Up", "C-c", "C-d", "C-u".
    func press(_ keys: String...) throws {
        try tmux(["send-keys", "-t", sessionName] + keys)
    }

    /// Pastes text the way a terminal does: bracketed when the application asked for it — or,
    /// with `bracketed: false`, as a terminal without bracketed paste would (plain keystrokes).
    func paste(_ text: String, bracketed: Bool = true) throws {
        let file = home.appendingPathComponent("paste-\(UUID().uuidString).txt")
        try text.write(to: file, atomically: true, encoding: .utf8)
        try tmux(["load-buffer", "-b", "test", file.path])
        try tmux(["paste-buffer"] + (bracketed ? ["-p"] : []) + ["-d", "-b", "test", "-t", sessionName])
    }

    /// The screen and its scrollback; trailing blanks and blank lines dropped.
    func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p", "-J", "-S", "-500", "-t", sessionName])
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }  // -J keeps trailing blanks
            .reversed().drop { $0.trimmingCharacters(in: .whitespaces).isEmpty }.reversed()
            .joined(separator: "\n")
    }

    /// The visible screen with its colour escapes (`capture-pane -e`).
    func screenWithEscapes() throws -> String {
        try tmux(["capture-pane", "-p", "-e", "-t", sessionName])
    }

    /// The line the cursor is on (the prompt line while editing).
    func lastLine() throws -> String {
        try screen().split(separator: "\n", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    }

    /// The cursor's row on the visible screen (0 at the top).
    func cursorRow() throws -> Int {
        Int(try tmux(["display-message", "-p", "-t", sessionName, "#{cursor_y}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    var isRunning: Bool {
        (try? tmux(["has-session", "-t", sessionName])) != nil
    }

    /// Polls until `condition(screen)` holds; false after `timeout` seconds. The defaults are
    /// generous: a wait only lasts that long when the test fails, and on a loaded 2-core machine
    /// the shell's answer can take many seconds (tests of this run have taken a minute of wall time).
    @discardableResult
    func waitUntil(timeout: TimeInterval = 60, _ condition: (String) -> Bool) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isRunning { return condition("") }
            if condition(try screen()) { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// Waits for a fresh, empty prompt as the last line, after `count` prompts in all.
    @discardableResult
    func waitForPrompt(count: Int, timeout: TimeInterval = 60) throws -> Bool {
        try waitUntil(timeout: timeout) { screen in
            screen.components(separatedBy: "(slabhound)").count - 1 >= count
                && (screen.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) == "(slabhound)" } ?? false)
        }
    }

    @discardableResult
    func waitForExit(timeout: TimeInterval = 60) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if !isRunning { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let result = try Self.spawnAndWait("/usr/bin/tmux", ["-L", socket] + arguments)
        guard result.status == 0 else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed (\(result.status))")
        }
        return result.output
    }

    /// posix_spawn + waitpid, stdout into a file. Not Foundation's `Process`: it watches its
    /// child through a socket the child inherits, and the tmux server that `new-session` forks
    /// keeps that socket open for ever, so the client would never be seen to exit.
    static func spawnAndWait(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { environment.forEach { free($0) } }
        // The caller is a concurrency worker thread: its signal mask blocks nearly everything and
        // the test runner's descriptors are open. A tmux server started from here would inherit
        // both — and with SIGCHLD/SIGHUP blocked it never exits on `kill-server`. Start clean.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let inherited = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [])
            .compactMap(Int32.init).filter { $0 > 2 }
        for fd in inherited {
            // glibc ignores a close action on a descriptor that is no longer open.
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environment)
        guard spawned == 0 else { throw TestFailure("cannot run \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, output)
    }

    static func quote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
