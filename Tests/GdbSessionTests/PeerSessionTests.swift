import Foundation
import Testing
import GdbMI
@testable import GdbSession

/// The two-descriptor initializer: the test is gdb, on the other end of two pipes.
@Suite struct PeerSessionTests {
    final class Peer: @unchecked Sendable {
        let toSession: FileHandle   // what the session reads
        let fromSession: FileHandle // what the session writes
        let sessionReceive: Int32
        let sessionSend: Int32

        init() {
            let down = Pipe(), up = Pipe()
            toSession = down.fileHandleForWriting
            fromSession = up.fileHandleForReading
            sessionReceive = dup(down.fileHandleForReading.fileDescriptor)
            sessionSend = dup(up.fileHandleForWriting.fileDescriptor)
            try? down.fileHandleForReading.close()
            try? up.fileHandleForWriting.close()
        }

        func say(_ lines: String...) {
            toSession.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        }

        /// Reads one command line the session sent. The blocking read runs on a Dispatch
        /// thread: blocking one of the (two, on this machine) cooperative threads the
        /// session itself needs would deadlock the test.
        func readCommand() async -> String {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.readCommandBlocking()) }
            }
        }

        private func readCommandBlocking() -> String {
            var bytes: [UInt8] = []
            while true {
                let byte = fromSession.readData(ofLength: 1)
                if byte.isEmpty || byte.first == UInt8(ascii: "\n") { break }
                bytes += byte
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test func tokensMatchAndOutOfOrderNoiseIsKeptApart() async throws {
        let peer = Peer()
        peer.say("=thread-group-added,id=\"i1\"", "(gdb) ")
        let session = try await GdbSession(receiveFD: peer.sessionReceive, sendFD: peer.sessionSend,
                                           configuration: GdbConfiguration(executable: "peer"))
        async let response = session.execute(MICommand("-data-evaluate-expression", .address(0x10)))
        let command = await peer.readCommand()
        #expect(command.hasSuffix("-data-evaluate-expression 0x10"))
        let token = String(command.prefix { $0.isNumber })
        // A stale answer with another token, an async record and garbage, then the real answer.
        peer.say("999^done,value=\"stale\"", "*stopped,reason=\"x\"", "\u{1}garbage", "~\"sixteen\"",
                 "\(token)^done,value=\"16\"", "(gdb) ")
        let answer = try await response
        #expect(answer.results["value"]?.stringValue == "16")
        #expect(answer.consoleText == "sixteen")
        let unasked = await session.asyncRecords
        #expect(unasked.contains(.result(token: 999, resultClass: .done, results: ["value": .string(Array("stale".utf8))])))
        #expect(unasked.contains(.unparsed("\u{1}garbage")))
        #expect(unasked.contains { if case .execAsync(_, "stopped", _) = $0 { return true }; return false })
        try peer.toSession.close()
        await session.shutdown()
    }

    @Test func peerClosingFailsThePendingCommand() async throws {
        let peer = Peer()
        peer.say("(gdb) ")
        let session = try await GdbSession(receiveFD: peer.sessionReceive, sendFD: peer.sessionSend,
                                           configuration: GdbConfiguration(executable: "peer"))
        async let response = outcome { try await session.execute(MICommand("-gdb-version")) }
        _ = await peer.readCommand()
        try peer.toSession.close()
        guard case .failure(GdbSessionError.died(let reason)) = await response else {
            Issue.record("pending command did not fail with .died"); return
        }
        #expect(reason.contains("closed"))
        // Nothing to restart over descriptors: later commands fail at once.
        await #expect(throws: GdbSessionError.self) { try await session.execute(MICommand("-gdb-version")) }
        await session.shutdown()
    }

    @Test func silentPeerTimesOut() async throws {
        let peer = Peer()
        peer.say("(gdb) ")
        let session = try await GdbSession(receiveFD: peer.sessionReceive, sendFD: peer.sessionSend,
                                           configuration: GdbConfiguration(executable: "peer", commandTimeout: .milliseconds(200)))
        await #expect(throws: GdbSessionError.self) { try await session.execute(MICommand("-gdb-version")) }
        try peer.toSession.close()
        await session.shutdown()
    }
}
