import Foundation
import Shell
import Testing
@testable import SlabhoundCLI

/// The line the shell prints after every command, through the hooks the shell really uses
/// (`ShellConnections.hooks()`): it follows the session as dumps are pasted, files captured and
/// traces pasted.
@Suite(.serialized) struct GuideStatusLineTests {
    static let tests = SlabhoundBinary.repository.appendingPathComponent("Tests")
    static func seed(_ name: String) -> String {
        tests.appendingPathComponent("CapturesTests/Fixtures/snapshots").appendingPathComponent(name).path
    }

    @Test func followsPastesAndCaptures() async throws {
        let state = ShellState()
        let hooks = ShellConnections.hooks()
        // A fresh shell says nothing.
        #expect(await hooks.statusLine(state) == nil)

        // Two pasted snapshots (the seed's), as the shell hands them to the capture hook.
        for name in ["seed-snapshot-start.txt", "seed-snapshot-leak.txt"] {
            let text = try String(contentsOfFile: Self.seed(name), encoding: .utf8)
            let paste = PastedText(text: text, kinds: PasteRecognizer().kinds(in: text))
            #expect(paste.hasDump)
            try await hooks.appendToCapture(paste, state)
        }
        let afterPaste = try #require(await hooks.statusLine(state))
        #expect(afterPaste.hasPrefix("samples: 2, traces: 0 | guide ["))
        // Two samples: no trend yet, but compare already names slab and its caches.
        #expect(afterPaste.contains("0… 1✓ 2✓ 3… 4…"), "\(afterPaste)")
        #expect(!afterPaste.contains("\n"))

        // `capture --append` of the free series: step 0 decided from it.
        let outcome = await ShellState.$current.withValue(state) {
            await ShellDispatcher().run(["capture", "--append", Self.seed("seed-free-series.txt")], state: state)
        }
        #expect(outcome == .success)
        let afterCapture = try #require(await hooks.statusLine(state))
        #expect(afterCapture.contains("0✓ 1✓ 2✓ 3… 4…"), "\(afterCapture)")
        #expect(afterCapture.contains("step 3, which heap owner?"))

        // A pasted print_trace block (no symbols loaded): kept for step 4.
        try await ShellState.$current.withValue(state) {
            for name in ["mma-heap-start.txt", "mma-heap-leak.txt"] {
                let text = try String(contentsOfFile: Self.seed(name), encoding: .utf8)
                try await hooks.appendToCapture(PastedText(text: text, kinds: PasteRecognizer().kinds(in: text)), state)
            }
            let block = try String(contentsOfFile: Self.tests.appendingPathComponent("CapturesTests/Fixtures/traces/seed-print-trace.txt").path, encoding: .utf8)
            let paste = PastedText(text: block, kinds: PasteRecognizer().kinds(in: block))
            #expect(paste.hasTrace)
            try await hooks.symbolizeText(paste, state)
        }
        let afterTrace = try #require(await hooks.statusLine(state))
        #expect(afterTrace.contains("0✓ 1✓ 2✓ 3✓ 4…"), "\(afterTrace)")
        #expect(afterTrace.contains("libMD_LINUX.so"), "\(afterTrace)")

        // `capture --clear` empties it all.
        _ = await ShellState.$current.withValue(state) { await ShellDispatcher().run(["capture", "--clear"], state: state) }
        #expect(await hooks.statusLine(state) == nil)
    }
}
