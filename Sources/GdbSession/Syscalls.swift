#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every C call of this module, in one place (as swift-system's `Internals/Syscalls.swift`):
/// each wrapper retries on EINTR and turns errno into a thrown `SyscallError`.
struct SyscallError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32

    var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }

    var isBrokenPipe: Bool { errno == EPIPE || errno == ECONNRESET }
}

enum Syscalls {
    /// A connected pair of UNIX stream sockets, both close-on-exec from birth (so a child spawned
    /// concurrently elsewhere never inherits them; `pipe2` is not visible to Swift without
    /// _GNU_SOURCE). Used for gdb's stdin, stdout and stderr: writing to a dead gdb is then an
    /// EPIPE error (`MSG_NOSIGNAL`), not a process-wide SIGPIPE.
    static func socketPair() throws -> (Int32, Int32) {
        var fds: [Int32] = [-1, -1]
        #if canImport(Darwin)
        let type = SOCK_STREAM
        #else
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        #endif
        guard socketpair(AF_UNIX, type, 0, &fds) == 0 else { throw SyscallError(call: "socketpair", errno: errno) }
        return (fds[0], fds[1])
    }

    /// posix_spawn in a new process group (pgid = pid, so a terminal's Ctrl-C does not reach
    /// it), with stdin/stdout/stderr replaced, every other descriptor closed, default signal
    /// dispositions and an empty signal mask.
    static func spawn(path: String, arguments: [String], environment: [String],
                      stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        _ = closeFrom3?(&actions, 3)

        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, signal)
        }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw SyscallError(call: "posix_spawn \(path)", errno: result) }
        return pid
    }

    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, looked up at run time because
    /// the header hides it behind _GNU_SOURCE. It keeps descriptors the rest of the program
    /// opened without close-on-exec out of gdb.
    private static let closeFrom3: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()

    /// Blocking read; 0 at end of file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SyscallError(call: "read", errno: errno)
        }
    }

    /// Writes all bytes. Sockets get `MSG_NOSIGNAL`; other descriptors (a test's pipe) are
    /// written with SIGPIPE blocked on this thread and any SIGPIPE raised consumed, so a
    /// vanished reader is an error, never the death of this process.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        var useSend = true
        while offset < bytes.count {
            let count: Int = bytes.withUnsafeBytes { raw in
                let start = raw.baseAddress! + offset
                let remaining = raw.count - offset
                if useSend {
                    return send(fd, start, remaining, Int32(MSG_NOSIGNAL))
                }
                return writeWithoutSIGPIPE(fd, start, remaining)
            }
            if count >= 0 {
                offset += count
                continue
            }
            if errno == EINTR { continue }
            if useSend && errno == ENOTSOCK {
                useSend = false
                continue
            }
            throw SyscallError(call: "write", errno: errno)
        }
    }

    private static func writeWithoutSIGPIPE(_ fd: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Int {
        var block = sigset_t()
        var previous = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        var pendingBefore = sigset_t()
        sigpending(&pendingBefore)
        let wasPending = sigismember(&pendingBefore, SIGPIPE) == 1
        pthread_sigmask(SIG_BLOCK, &block, &previous)
        let result = Glibc.write(fd, start, count)
        let savedErrno = errno
        if result < 0 && savedErrno == EPIPE && !wasPending {
            var timeout = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&block, nil, &timeout)
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        errno = savedErrno
        return result
    }

    static func close(_ fd: Int32) {
        // No retry on EINTR: on Linux the descriptor is released either way.
        _ = Glibc.close(fd)
    }

    /// Sends `signal` to the process group `pid` leads. Errors (already gone) are ignored.
    static func signalGroup(_ pid: pid_t, _ signal: Int32) {
        if killpg(pid, signal) != 0 {
            _ = kill(pid, signal)
        }
    }

    static func signalProcess(_ pid: pid_t, _ signal: Int32) {
        _ = kill(pid, signal)
    }

    /// waitpid: the raw status once the child has exited, nil while it runs (non-blocking).
    static func reap(_ pid: pid_t, blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { return status }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            // ECHILD: already reaped elsewhere; report as unknown.
            return -1
        }
    }

    /// "exited with status N" / "killed by signal 9 (Killed)".
    static func describe(waitStatus status: Int32) -> String {
        if status == -1 { return "exit status unknown" }
        let signal = status & 0x7F
        if signal == 0 {
            return "exited with status \((status >> 8) & 0xFF)"
        }
        if signal != 0x7F {
            let name = strsignal(signal).map { String(cString: $0) } ?? "unknown"
            return "killed by signal \(signal) (\(name))" + ((status & 0x80) != 0 ? ", core dumped" : "")
        }
        return "stopped (status \(status))"
    }

    static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
