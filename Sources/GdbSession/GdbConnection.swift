import Foundation
import GdbMI

/// What the reader thread reports: each MI record in order, then once how the output ended.
enum ConnectionEvent: Sendable {
    case record(MIRecord)
    case ended(Termination)
}

/// How a connection ended.
struct Termination: Sendable {
    var reason: String
    /// Killed by SIGKILL: from outside (a user's `kill -9`, the OOM killer), never something
    /// gdb does to itself because of a command.
    var killedBySIGKILL = false
}

/// One live gdb process (or scripted peer): the descriptor to write commands to, the pid,
/// and the records read by a dedicated thread (blocking read(2)), bridged to async code
/// with an `AsyncStream`.
///
/// Ownership: the reader thread owns the receive descriptor and, for a spawned gdb, the
/// reaping (one waitpid per child, after end of file, so no zombies). The session owns the
/// send descriptor (`closeSend`).
final class GdbConnection: @unchecked Sendable {
    let pid: Int32?
    let events: AsyncStream<ConnectionEvent>
    private let lock = NSLock()
    private var sendFD: Int32?

    private init(pid: Int32?, sendFD: Int32, events: AsyncStream<ConnectionEvent>) {
        self.pid = pid
        self.sendFD = sendFD
        self.events = events
    }

    /// Spawns `executable` in its own process group with its stdio on socket pairs.
    static func spawn(executable: String, arguments: [String], environment: [String]) throws -> GdbConnection {
        var opened: [Int32] = []
        do {
            let (stdinParent, stdinChild) = try Syscalls.socketPair()
            opened += [stdinParent, stdinChild]
            let (stdoutParent, stdoutChild) = try Syscalls.socketPair()
            opened += [stdoutParent, stdoutChild]
            let (stderrParent, stderrChild) = try Syscalls.socketPair()
            opened += [stderrParent, stderrChild]
            let pid = try Syscalls.spawn(path: executable, arguments: arguments, environment: environment,
                                         stdin: stdinChild, stdout: stdoutChild, stderr: stderrChild)
            for fd in [stdinChild, stdoutChild, stderrChild] { Syscalls.close(fd) }

            let tail = OutputTail()
            startDrainThread(fd: stderrParent, into: tail)
            let (stream, continuation) = AsyncStream<ConnectionEvent>.makeStream()
            startReaderThread(fd: stdoutParent, continuation: continuation) {
                reapReason(pid: pid, stderr: tail)
            }
            return GdbConnection(pid: pid, sendFD: stdinParent, events: stream)
        } catch {
            for fd in opened { Syscalls.close(fd) }
            throw error
        }
    }

    /// Talks MI over two descriptors handed in (a test's scripted peer). Both are owned by
    /// the connection from now on.
    static func attach(receiveFD: Int32, sendFD: Int32) -> GdbConnection {
        let (stream, continuation) = AsyncStream<ConnectionEvent>.makeStream()
        startReaderThread(fd: receiveFD, continuation: continuation) {
            Termination(reason: "the peer closed the connection")
        }
        return GdbConnection(pid: nil, sendFD: sendFD, events: stream)
    }

    func send(_ bytes: [UInt8]) throws {
        lock.lock()
        defer { lock.unlock() }
        guard let fd = sendFD else { throw SyscallError(call: "write", errno: EPIPE) }
        try Syscalls.writeAll(fd, bytes)
    }

    /// Closes the command descriptor (gdb sees end of input). Idempotent.
    func closeSend() {
        lock.lock()
        defer { lock.unlock() }
        if let fd = sendFD {
            Syscalls.close(fd)
            sendFD = nil
        }
    }

    func signal(_ signal: Int32) {
        if let pid { Syscalls.signalGroup(pid, signal) }
    }

    // MARK: Threads

    private static func startReaderThread(fd: Int32, continuation: AsyncStream<ConnectionEvent>.Continuation,
                                          endReason: @escaping @Sendable () -> Termination) {
        let thread = Thread {
            readLines(fd: fd) { line in
                continuation.yield(.record(MIParser.parse(bytes: line)))
            }
            Syscalls.close(fd)
            continuation.yield(.ended(endReason()))
            continuation.finish()
        }
        thread.name = "gdb-mi-reader"
        thread.start()
    }

    private static func startDrainThread(fd: Int32, into tail: OutputTail) {
        let thread = Thread {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 1)
            defer { buffer.deallocate() }
            while let count = try? Syscalls.read(fd, into: buffer), count > 0 {
                tail.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
            Syscalls.close(fd)
            tail.finish()
        }
        thread.name = "gdb-stderr"
        thread.start()
    }

    /// Reads until end of file, handing over each line without its `\n` (a last line
    /// without one too).
    static func readLines(fd: Int32, _ emit: ([UInt8]) -> Void) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 1)
        defer { buffer.deallocate() }
        var partial: [UInt8] = []
        while let count = try? Syscalls.read(fd, into: buffer), count > 0 {
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            var start = 0
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if partial.isEmpty {
                    emit(Array(chunk[start..<newline]))
                } else {
                    partial.append(contentsOf: chunk[start..<newline])
                    emit(partial)
                    partial.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            partial.append(contentsOf: chunk[start...])
        }
        if !partial.isEmpty { emit(partial) }
    }

    /// After gdb's output closed: reap it (waiting up to 2 s for it to exit on its own,
    /// then SIGKILL to its group) and say how it ended, with the tail of its stderr.
    private static func reapReason(pid: Int32, stderr: OutputTail) -> Termination {
        var status: Int32?
        for _ in 0..<400 {
            status = Syscalls.reap(pid, blocking: false)
            if status != nil { break }
            Syscalls.sleep(milliseconds: 5)
        }
        var reason: String
        var killed = false
        if let status {
            reason = "gdb (pid \(pid)) " + Syscalls.describe(waitStatus: status)
            killed = status & 0x7F == SIGKILL
        } else {
            Syscalls.signalGroup(pid, SIGKILL)
            let status = Syscalls.reap(pid, blocking: true) ?? -1
            reason = "gdb (pid \(pid)) closed its output and was killed: " + Syscalls.describe(waitStatus: status)
        }
        let errorText = stderr.text(waitingUpTo: 0.5)
        if !errorText.isEmpty {
            reason += "; stderr: \(errorText)"
        }
        return Termination(reason: reason, killedBySIGKILL: killed)
    }
}
