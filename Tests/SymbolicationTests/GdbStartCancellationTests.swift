import Foundation
import Testing
@testable import Symbolication

/// Ctrl-C while gdb starts: the start is cancelled, or it completes with the Python helper —
/// never a backend quietly degraded to pure MI for the rest of the session because the helper's
/// `source` was the command the cancellation hit.
@Suite struct GdbStartCancellationTests {
    @Test("a cancelled start throws or has the helper", arguments: [0, 5, 20, 40, 60, 80])
    func cancelledStart(afterMilliseconds delay: Int) async throws {
        let task = Task { try await GdbBackend.start(gdb: nil) }
        try await Task.sleep(for: .milliseconds(delay))
        task.cancel()
        switch await task.result {
        case .success(let backend):
            let mode = await backend.modeDescription
            await backend.shutdown()
            #expect(mode == "python helper (inline chains)", "after Ctrl-C at \(delay) ms: \(mode)")
        case .failure(let error):
            #expect(error is CancellationError, "\(error)")
        }
    }
}
