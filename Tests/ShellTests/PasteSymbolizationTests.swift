import Foundation
import Testing

extension ShellBinaryTests {
    /// The new user's first experience: `slabhound --symbols DIR`, paste a real ARM print_trace
    /// block, every frame comes back resolved in place. Needs the real fixtures and gdb.
    @Suite(.enabled(if: BoardFixtures.available, "fixtures: run `make fixtures` (or set SLABHOUND_FIXTURES)"))
    struct PasteSymbolizationTests {
        @Test func pastedPrintTraceIsResolvedInPlaceInTheTerminal() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let block = try BoardFixtures.firstPrintTraceBlock()
            #expect(block.count == 11)
            let tmux = try TmuxSession(arguments: ["--symbols", BoardFixtures.path("rootfs")], home: home)
            #expect(try tmux.waitForPrompt(count: 1))
            try tmux.paste(block.joined(separator: "\n") + "\n")
            // gdb starts and resolves: allow for a loaded machine.
            #expect(try tmux.waitForPrompt(count: 2, timeout: 60), "\((try? tmux.screen()) ?? "")")
            let screen = try tmux.screen()
            // Each frame line comes back followed by its location (the static libMD frame with
            // its two-level inline chain, the C++ frame demangled).
            #expect(screen.contains("/lib/libMD_LINUX.so(+0x5ac) [0x3fea75ac]\n    -> md_alloc_luma at user/md.c:28\n       inlined into md_alloc_planes at user/md.c:38\n       inlined into md_setup_buffers at user/md.c:48"), "\(screen)")
            #expect(screen.contains("-> mid_md_VDF_Config(int) at user/mixer.cpp:21"))
            let frames = block.dropFirst()
            for frame in frames { #expect(screen.contains(frame + "\n    -> "), "frame not annotated: \(frame)") }
        }

        @Test func pastedTraceOnStdinGoesThroughSymbolize() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let block = try BoardFixtures.firstPrintTraceBlock()
            let result = try SlabhoundBinary.run(["--symbols", BoardFixtures.path("rootfs")],
                                                 input: block.joined(separator: "\n") + "\n\nshow page-size\n", home: home)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.components(separatedBy: "\n    -> ").count - 1 == block.count - 1)
            #expect(result.stdout.hasSuffix("page-size  4096\n"))
        }

        @Test func tabCompletesFunctionAndModuleNamesFromTheSymbols() throws {
            let home = try SlabhoundBinary.temporaryHome()
            defer { try? FileManager.default.removeItem(at: home) }
            let tmux = try TmuxSession(arguments: ["--symbols", BoardFixtures.path("rootfs")], home: home)
            #expect(try tmux.waitForPrompt(count: 1))
            try tmux.type("locate MI_MD_I")
            try tmux.press("Tab")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) locate MI_MD_Init") }, "\((try? tmux.screen()) ?? "")")
            try tmux.press("C-u")
            try tmux.type("locate --module libMD")
            try tmux.press("Tab")
            #expect(try tmux.waitUntil { $0.hasSuffix("(slabhound) locate --module libMD_LINUX.so") }, "\((try? tmux.screen()) ?? "")")
        }
    }
}
