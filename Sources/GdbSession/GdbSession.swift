import Foundation
import GdbMI

/// One gdb, owned by one actor: spawns it locked down in its own process group, sends
/// commands one at a time, matches each result by its token, keeps unasked records apart,
/// times commands out, and notices gdb's death — failing what was pending with a clear error
/// and restarting it (lazily, on the next command) with the commands marked for replay,
/// such as symbol-file loads.
///
/// Commands run one at a time (callers queue in order): gdb executes them sequentially
/// anyway, and it makes the stream output between a command and its result unambiguous.
public actor GdbSession {
    public let configuration: GdbConfiguration

    /// Times gdb was started again after it died, hung or was killed.
    public private(set) var restartCount = 0
    /// Records nobody asked for: `=`/`*`/`+` notifications, stream output outside any command,
    /// results with unknown tokens, and lines that were not MI (`.unparsed`). The newest
    /// `asyncRecordLimit` are kept.
    public private(set) var asyncRecords: [MIRecord] = []
    public static let asyncRecordLimit = 10_000
    /// `^error` answers to replayed commands after a restart, as "command: message".
    public private(set) var replayErrors: [String] = []
    /// How the last gdb ended, when one did.
    public private(set) var lastTermination: String?

    private let spawnsProcesses: Bool
    private var interpreter: String
    private var connection: GdbConnection?
    private var generation = 0
    private var sawPrompt = false
    private var everStarted = false
    private var isShutDown = false
    private var nextToken: UInt64 = 1
    private var replayCommands: [MICommand] = []

    private var pending: PendingCommand?
    private var promptWaiter: CheckedContinuation<Void, any Error>?
    private var endWaiters: [CheckedContinuation<Void, Never>] = []
    private var busy = false
    private var turnQueue: [CheckedContinuation<Void, Never>] = []

    /// Spawns gdb and waits for its first prompt.
    public init(configuration: GdbConfiguration) async throws {
        self.configuration = configuration
        self.spawnsProcesses = true
        self.interpreter = configuration.interpreter
        try await startProcess()
    }

    /// Talks MI over two descriptors (a scripted peer in tests); nothing is spawned, so
    /// nothing can be restarted. The descriptors belong to the session from now on. Waits
    /// for the peer's first prompt.
    public init(receiveFD: Int32, sendFD: Int32, configuration: GdbConfiguration) async throws {
        self.configuration = configuration
        self.spawnsProcesses = false
        self.interpreter = configuration.interpreter
        let connection = GdbConnection.attach(receiveFD: receiveFD, sendFD: sendFD)
        try await adopt(connection)
    }

    deinit {
        // A session dropped without shutdown() must not leave gdb behind; the reader
        // thread reaps it.
        connection?.signal(SIGKILL)
        connection?.closeSend()
    }

    /// gdb's process id (also its process group), nil while none runs.
    public var pid: Int32? { connection?.pid }

    /// True while a gdb (or peer) is connected.
    public var isRunning: Bool { connection != nil }

    /// Removes and returns the unasked records collected so far.
    public func takeAsyncRecords() -> [MIRecord] {
        defer { asyncRecords.removeAll() }
        return asyncRecords
    }

    // MARK: Commands

    /// Sends one command and waits for its result, matched by token. `^error` is a value
    /// (`resultClass == .error`), not a throw.
    ///
    /// Throws `.encoding` when an argument is refused, `.timeout` when gdb did not answer
    /// in time (it is interrupted, and killed and restarted if that does not help),
    /// `.died` when gdb ended while the command ran, `.startup` when a needed restart failed.
    /// With `replayOnRestart`, a successful command is sent again, in order, whenever gdb
    /// is restarted (symbol-file loads, `source` of the helper).
    public func execute(_ command: MICommand, timeout: Duration? = nil, replayOnRestart: Bool = false) async throws -> MIResponse {
        do {
            _ = try command.encoded(token: 0)
        } catch {
            throw GdbSessionError.encoding("\(error)")
        }
        await acquireTurn()
        defer { releaseTurn() }
        guard !isShutDown else { throw GdbSessionError.died(reason: "the session was shut down") }

        try await ensureRunning()
        let response: MIResponse
        do {
            response = try await send(command, timeout: timeout ?? configuration.commandTimeout)
        } catch SendFailure.notDelivered {
            // gdb was already gone and the command never reached it: start a new one and
            // send the command there, once.
            try await ensureRunning()
            response = try await sendOnce(command, timeout: timeout ?? configuration.commandTimeout)
        }
        if replayOnRestart && response.resultClass != .error {
            replayCommands.append(command)
        }
        return response
    }

    /// SIGINT to gdb's process group (what Ctrl-C would do in a terminal).
    public func interrupt() {
        connection?.signal(SIGINT)
    }

    /// `-gdb-exit`, then SIGKILL if gdb is still there after a moment; gdb is reaped before
    /// this returns. Later commands throw `.died`.
    public func shutdown() async {
        await acquireTurn()
        defer { releaseTurn() }
        isShutDown = true
        guard let connection else { return }
        let token = nextToken
        nextToken += 1
        try? connection.send(Array("\(token)-gdb-exit\n".utf8))
        if !(await waitForEnd(upTo: .seconds(2))) {
            connection.signal(SIGKILL)
            connection.closeSend()
            _ = await waitForEnd(upTo: .seconds(5))
        }
        connection.closeSend()
        if self.connection === connection {
            dropConnection()
        }
    }

    // MARK: Start and restart

    private func ensureRunning() async throws {
        if connection != nil { return }
        guard spawnsProcesses else {
            throw GdbSessionError.died(reason: lastTermination ?? "the peer closed the connection")
        }
        try await startProcess()
        restartCount += 1
        for command in replayCommands {
            do {
                let response = try await sendOnce(command, timeout: configuration.commandTimeout)
                if response.resultClass == .error {
                    replayErrors.append("\(command): \(response.errorMessage ?? "error")")
                }
            } catch {
                throw GdbSessionError.startup("gdb was restarted, but replaying `\(command)` failed: \(error)")
            }
        }
    }

    private func startProcess() async throws {
        var environment = configuration.environment ?? ProcessInfo.processInfo.environment
        if configuration.environment == nil {
            environment["LC_ALL"] = nil
            environment["LANGUAGE"] = nil
            environment["LC_MESSAGES"] = "C"
        }
        let environmentList = environment.map { "\($0.key)=\($0.value)" }.sorted()
        do {
            try await spawnAndWait(environment: environmentList)
        } catch GdbSessionError.startup(let message) where interpreter == "mi3" && message.contains("mi3") {
            // An old gdb that does not know MI3 says so on stderr and exits: use MI2.
            interpreter = "mi2"
            try await spawnAndWait(environment: environmentList)
        }
        everStarted = true
    }

    private func spawnAndWait(environment: [String]) async throws {
        let connection: GdbConnection
        do {
            connection = try GdbConnection.spawn(executable: configuration.executable,
                                                 arguments: configuration.arguments(interpreter: interpreter),
                                                 environment: environment)
        } catch {
            throw GdbSessionError.startup("cannot run \(configuration.executable): \(error)")
        }
        try await adopt(connection)
    }

    /// Makes `connection` the current one, starts routing its records, and waits for its
    /// first prompt.
    private func adopt(_ connection: GdbConnection) async throws {
        generation += 1
        let generation = self.generation
        self.connection = connection
        sawPrompt = false
        Task { [weak self, events = connection.events] in
            for await event in events {
                guard let self else { return }
                await self.handle(event, generation: generation)
            }
        }
        let timeout = configuration.startupTimeout
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.startupTimedOut(generation: generation)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            if sawPrompt {
                continuation.resume()
            } else {
                promptWaiter = continuation
            }
        }
    }

    private func startupTimedOut(generation: Int) {
        guard generation == self.generation, let waiter = promptWaiter else { return }
        promptWaiter = nil
        let connection = self.connection
        dropConnection()
        connection?.signal(SIGKILL)
        connection?.closeSend()
        waiter.resume(throwing: GdbSessionError.startup(
            "\(configuration.executable) printed no MI prompt within \(configuration.startupTimeout)"))
    }

    // MARK: Sending

    /// How soon after sending a command a SIGKILL must end gdb, with no output for the
    /// command, for the command to count as never delivered (see `handle`).
    static let deliveryRaceWindow: Duration = .milliseconds(250)

    private enum SendFailure: Error {
        /// Writing failed: the command never reached gdb.
        case notDelivered(String)
    }

    /// `send`, with a failed write reported as `.died` (no second try).
    private func sendOnce(_ command: MICommand, timeout: Duration) async throws -> MIResponse {
        do {
            return try await send(command, timeout: timeout)
        } catch SendFailure.notDelivered(let reason) {
            throw GdbSessionError.died(reason: reason)
        }
    }

    private func send(_ command: MICommand, timeout: Duration) async throws -> MIResponse {
        guard let connection else {
            throw GdbSessionError.died(reason: lastTermination ?? "gdb is not running")
        }
        let token = nextToken
        nextToken += 1
        let line: String
        do {
            line = try command.encoded(token: token)
        } catch {
            throw GdbSessionError.encoding("\(error)")
        }
        do {
            try connection.send(Array((line + "\n").utf8))
        } catch {
            // gdb is gone (EPIPE): make sure it is dead and forget it; the reader reaps it.
            connection.signal(SIGKILL)
            connection.closeSend()
            if self.connection === connection { dropConnection() }
            throw SendFailure.notDelivered("writing to gdb failed: \(error)")
        }
        let generation = self.generation
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task { [weak self] in
                try await Task.sleep(for: timeout)
                await self?.commandTimedOut(token: token, generation: generation)
            }
            pending = PendingCommand(token: token, text: "\(command)", timeout: timeout,
                                     continuation: continuation, timer: timer)
        }
    }

    /// First stage of a timeout: interrupt gdb and give it `interruptGrace` to answer.
    private func commandTimedOut(token: UInt64, generation: Int) {
        guard generation == self.generation, var command = pending, command.token == token, !command.interrupted else { return }
        command.interrupted = true
        let grace = configuration.interruptGrace
        command.timer = Task { [weak self] in
            try await Task.sleep(for: grace)
            await self?.interruptGraceExpired(token: token, generation: generation)
        }
        pending = command
        if connection?.pid != nil {
            connection?.signal(SIGINT)
        } else {
            interruptGraceExpired(token: token, generation: generation)
        }
    }

    /// Second stage: gdb did not answer the interrupt; kill it. The next command restarts it.
    private func interruptGraceExpired(token: UInt64, generation: Int) {
        guard generation == self.generation, let command = pending, command.token == token else { return }
        pending = nil
        command.timer.cancel()
        let connection = self.connection
        dropConnection()
        lastTermination = "killed after not answering `\(command.text)` within \(command.timeout)"
        connection?.signal(SIGKILL)
        connection?.closeSend()
        command.continuation.resume(throwing: GdbSessionError.timeout(command: command.text, after: command.timeout))
    }

    // MARK: Records

    private func handle(_ event: ConnectionEvent, generation: Int) {
        guard generation == self.generation else { return }
        switch event {
        case .record(let record):
            route(record)
        case .ended(let termination):
            let reason = termination.reason
            lastTermination = reason
            let connection = self.connection
            dropConnection()
            connection?.closeSend()
            if let waiter = promptWaiter {
                promptWaiter = nil
                waiter.resume(throwing: GdbSessionError.startup(reason))
            }
            if let command = pending {
                pending = nil
                command.timer.cancel()
                if command.interrupted {
                    command.continuation.resume(throwing: GdbSessionError.timeout(command: command.text, after: command.timeout))
                } else if termination.killedBySIGKILL && !command.receivedOutput
                            && ContinuousClock.now - command.sentAt < Self.deliveryRaceWindow {
                    // gdb was killed from outside just as the command was written: it sat
                    // unread in the socket and never ran. Treat it as not delivered, so
                    // `execute` sends it once to a new gdb.
                    command.continuation.resume(throwing: SendFailure.notDelivered(reason))
                } else {
                    command.continuation.resume(throwing: GdbSessionError.died(reason: reason))
                }
            }
        }
    }

    private func route(_ record: MIRecord) {
        switch record {
        case .prompt:
            sawPrompt = true
            if let waiter = promptWaiter {
                promptWaiter = nil
                waiter.resume()
            }
        case .result(let token, let resultClass, let results):
            pending?.receivedOutput = true
            guard let command = pending, token == command.token else {
                keepAsync(record)
                return
            }
            pending = nil
            command.timer.cancel()
            if command.interrupted {
                // gdb answered the interrupt (usually `^error,msg="Quit"`): it is healthy,
                // but the command did not finish in time.
                command.continuation.resume(throwing: GdbSessionError.timeout(command: command.text, after: command.timeout))
                return
            }
            command.continuation.resume(returning: MIResponse(
                token: command.token, resultClass: resultClass, results: results,
                console: command.console, log: command.log, target: command.target))
        case .consoleStream(let bytes):
            if pending != nil { pending!.console += bytes; pending!.receivedOutput = true } else { keepAsync(record) }
        case .logStream(let bytes):
            if pending != nil { pending!.log += bytes; pending!.receivedOutput = true } else { keepAsync(record) }
        case .targetStream(let bytes):
            if pending != nil { pending!.target += bytes; pending!.receivedOutput = true } else { keepAsync(record) }
        case .execAsync, .statusAsync, .notifyAsync, .unparsed:
            pending?.receivedOutput = true
            keepAsync(record)
        }
    }

    private func keepAsync(_ record: MIRecord) {
        asyncRecords.append(record)
        if asyncRecords.count > Self.asyncRecordLimit {
            asyncRecords.removeFirst(asyncRecords.count - Self.asyncRecordLimit)
        }
    }

    /// Forgets the current connection; wakes whoever waits for its end.
    private func dropConnection() {
        connection = nil
        generation += 1
        let waiters = endWaiters
        endWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until the current connection ends (its end event, which comes after reaping),
    /// or `duration` passes. True when it ended.
    private func waitForEnd(upTo duration: Duration) async -> Bool {
        guard connection != nil else { return true }
        let generation = self.generation
        let timer = Task { [weak self] in
            try await Task.sleep(for: duration)
            await self?.wakeEndWaiters()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { endWaiters.append($0) }
        return generation != self.generation
    }

    private func wakeEndWaiters() {
        let waiters = endWaiters
        endWaiters = []
        for waiter in waiters { waiter.resume() }
    }

    // MARK: One command at a time

    private func acquireTurn() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { turnQueue.append($0) }
    }

    private func releaseTurn() {
        if turnQueue.isEmpty {
            busy = false
        } else {
            turnQueue.removeFirst().resume()
        }
    }
}

/// The command in flight and the stream output gathered for it.
struct PendingCommand {
    let token: UInt64
    let text: String
    let timeout: Duration
    let continuation: CheckedContinuation<MIResponse, any Error>
    var timer: Task<Void, any Error>
    let sentAt = ContinuousClock.now
    var interrupted = false
    /// Any record at all arrived while this command was pending.
    var receivedOutput = false
    var console: [UInt8] = []
    var log: [UInt8] = []
    var target: [UInt8] = []
}
