import Foundation
import Testing

/// Nothing read from a trace, a symbol file or the user's gdb set-up executes: hostile trace text
/// (quotes, newlines, `shell`, `$(...)`, backticks, embedded MI commands) through the real
/// binary and the real gdb, with a booby-trapped library that the trace names — an inline Python
/// script in `.debug_gdb_scripts` and an `-gdb.py` file beside it — under a HOME whose
/// `~/.gdbinit` and `~/.config/gdb/gdbinit` allow every auto-load and run `shell touch`.
/// And nothing is written outside what the user named: not the working directory, not $TMPDIR
/// (the stdin spool is removed), not HOME (with `--no-cache`; with the cache, only its directory).
@Suite(.enabled(if: HardeningTrap.toolsAvailable, "needs arm-linux-gnueabihf-gcc and gdb-multiarch"))
struct HardeningNothingExecutesTests {
    @Test("hostile trace text and a booby-trapped library execute nothing")
    func nothingExecutes() throws {
        let trap = try HardeningTrap.make()
        defer { try? FileManager.default.removeItem(at: trap.root) }

        // Control: the traps are armed. A gdb started the ordinary way, with this HOME, runs the
        // gdbinit's `shell` and the library's inline script.
        let control = Process()
        control.executableURL = URL(fileURLWithPath: HardeningTrap.gdb!)
        control.arguments = ["-q", "-batch", "-ex", "file \(trap.library.path)"]
        control.environment = trap.environment
        control.currentDirectoryURL = trap.work
        control.standardOutput = FileHandle.nullDevice
        control.standardError = FileHandle.nullDevice
        try control.run()
        control.waitUntilExit()
        try #require(FileManager.default.fileExists(atPath: trap.markers.appendingPathComponent("gdbinit-ran").path),
                     "control: plain gdb did not read the permissive gdbinit")
        try #require(FileManager.default.fileExists(atPath: trap.markers.appendingPathComponent("inline-script-ran").path),
                     "control: plain gdb did not run the library's inline script")
        for name in HardeningProcess.listing(trap.markers) {
            try FileManager.default.removeItem(at: trap.markers.appendingPathComponent(name))
        }
        let homeBefore = HardeningProcess.listing(trap.home)

        let hostile = Data(trap.hostileTrace.utf8)
        let runs: [(String, [String], Data?)] = [
            ("symbolize stdin --no-cache", ["symbolize", "--no-cache", "--symbols", trap.symbols.path, "-"], hostile),
            ("symbolize --json stdin --no-cache", ["symbolize", "--json", "--no-cache", "--symbols", trap.symbols.path, "-"], hostile),
            ("oom stdin --no-cache", ["oom", "--no-cache", "--symbols", trap.symbols.path, "-"], hostile),
            ("locate --no-cache", ["locate", "--no-cache", "--symbols", trap.symbols.path, "--"] + trap.hostileLocations, nil),
        ]
        for (label, arguments, stdin) in runs {
            let outcome = try HardeningProcess.run(arguments, stdin: stdin, directory: trap.work, environment: trap.environment)
            #expect(outcome.exitedNormally, "\(label): \(outcome.summary)")
            #expect(HardeningProcess.listing(trap.markers).isEmpty,
                    "\(label) executed something: \(HardeningProcess.listing(trap.markers))")
            #expect(HardeningProcess.listing(trap.temporary).isEmpty,
                    "\(label) left files in TMPDIR: \(HardeningProcess.listing(trap.temporary))")
            #expect(HardeningProcess.listing(trap.work) == [".gdbinit"],
                    "\(label) wrote into the working directory: \(HardeningProcess.listing(trap.work))")
            #expect(HardeningProcess.listing(trap.home) == homeBefore, "\(label) wrote into HOME")
            if label.hasPrefix("symbolize stdin") {
                // The library was really loaded and resolved, traps and all.
                #expect(outcome.status == 0, "\(label): \(outcome.summary)")
                #expect(outcome.stdoutText.contains("booby_trapped at trap.c:"), "\(outcome.stdoutText.prefix(2000))")
                #expect(outcome.stdoutText.contains("$(touch "), "the hostile text is echoed as text")
            }
        }

        // With the location cache on (the default), the only thing written is the cache.
        let cached = try HardeningProcess.run(["symbolize", "--symbols", trap.symbols.path, "-"], stdin: hostile,
                                              directory: trap.work, environment: trap.environment)
        #expect(cached.exitedNormally && cached.status == 0, "\(cached.summary)")
        #expect(HardeningProcess.listing(trap.markers).isEmpty)
        #expect(HardeningProcess.listing(trap.temporary).isEmpty)
        #expect(HardeningProcess.listing(trap.work) == [".gdbinit"])
        let added = Set(HardeningProcess.listing(trap.home)).subtracting(homeBefore)
        #expect(added.allSatisfy { $0.hasPrefix(".cache/slabhound") || $0 == ".cache" }, "written into HOME: \(added.sorted())")
    }

    @Test("the shell in batch mode: pasted hostile text executes nothing")
    func batchShell() throws {
        let trap = try HardeningTrap.make()
        defer { try? FileManager.default.removeItem(at: trap.root) }
        let script = trap.hostileTrace + "\n" + """
            shell touch \(trap.markers.path)/shell-builtin
            !touch \(trap.markers.path)/bang
            python import os; os.system("touch \(trap.markers.path)/python")
            -interpreter-exec console "shell touch \(trap.markers.path)/mi"

            """
        let outcome = try HardeningProcess.run(["-batch", "--symbols", trap.symbols.path], stdin: Data(script.utf8),
                                               directory: trap.work, environment: trap.environment)
        #expect(outcome.exitedNormally, "\(outcome.summary)")
        #expect(!outcome.stdout.isEmpty || !outcome.stderr.isEmpty)
        #expect(HardeningProcess.listing(trap.markers).isEmpty, "executed: \(HardeningProcess.listing(trap.markers))")
        #expect(HardeningProcess.listing(trap.temporary).isEmpty)
        #expect(HardeningProcess.listing(trap.work) == [".gdbinit"])
    }
}

/// The booby-trapped library, the permissive HOME and the hostile text, in one scratch directory.
struct HardeningTrap {
    let root: URL
    var markers: URL { root.appendingPathComponent("markers") }
    var home: URL { root.appendingPathComponent("home") }
    var symbols: URL { root.appendingPathComponent("symbols") }
    var temporary: URL { root.appendingPathComponent("tmp") }
    var work: URL { root.appendingPathComponent("work") }
    var library: URL { symbols.appendingPathComponent("libtrap.so") }

    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static let compiler = which("arm-linux-gnueabihf-gcc")
    static let gdb = which("gdb-multiarch") ?? which("arm-linux-gnueabihf-gdb")
    static var toolsAvailable: Bool { compiler != nil && gdb != nil }

    var environment: [String: String] {
        [
            "HOME": home.path,
            "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
            "XDG_CACHE_HOME": home.appendingPathComponent(".cache").path,
            "TMPDIR": temporary.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    static func make() throws -> HardeningTrap {
        let trap = HardeningTrap(root: try HardeningProcess.scratchDirectory("trap"))
        for directory in [trap.markers, trap.home.appendingPathComponent(".config/gdb"), trap.symbols, trap.temporary, trap.work] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        let marker = trap.markers.path
        let gdbinit = """
            set auto-load safe-path /
            set auto-load python-scripts on
            set auto-load gdb-scripts on
            set auto-load local-gdbinit on
            shell touch \(marker)/gdbinit-ran

            """
        try gdbinit.write(to: trap.home.appendingPathComponent(".gdbinit"), atomically: true, encoding: .utf8)
        try gdbinit.write(to: trap.home.appendingPathComponent(".config/gdb/gdbinit"), atomically: true, encoding: .utf8)
        // gdb also reads ./.gdbinit and auto-loads OBJFILE-gdb.py beside a library.
        try "shell touch \(marker)/local-gdbinit-ran\n".write(to: trap.work.appendingPathComponent(".gdbinit"),
                                                              atomically: true, encoding: .utf8)
        try "import os\nopen('\(marker)/gdb-py-ran', 'w').write('ran')\n"
            .write(to: trap.symbols.appendingPathComponent("libtrap.so-gdb.py"), atomically: true, encoding: .utf8)
        let source = """
            int booby_trapped(int x) { return x + 1; }
            __asm__(
            ".pushsection \\".debug_gdb_scripts\\", \\"MS\\",%progbits,1\\n"
            ".byte 4\\n"
            ".ascii \\"gdb.inlined-script\\\\n\\"\\n"
            ".ascii \\"open('\(marker)/inline-script-ran', 'w').write('ran')\\\\n\\"\\n"
            ".byte 0\\n"
            ".popsection\\n");

            """
        let sourceURL = trap.root.appendingPathComponent("trap.c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let compile = Process()
        compile.executableURL = URL(fileURLWithPath: compiler!)
        compile.arguments = ["-g", "-O0", "-shared", "-fPIC", "trap.c", "-o", trap.library.path]
        compile.currentDirectoryURL = trap.root
        try compile.run()
        compile.waitUntilExit()
        try #require(compile.terminationStatus == 0, "compiling the trap library failed")
        return trap
    }

    /// Every shape of frame, with shell and MI syntax where a module, symbol, offset or path goes.
    var hostileTrace: String {
        let m = markers.path
        return """
            print_trace: 6 frames
            /lib/libtrap.so(booby_trapped+0x4) [0x40000404]
            /lib/libtrap.so";shell touch \(m)/q1;"(+0x4) [0x40000404]
            $(touch \(m)/d1)(+0x10) [0x20]
            `touch \(m)/b1`(+0x10) [0x20]
            /lib/libtrap.so(shell+0x4) [0x40000404]
            /lib/libtrap.so(python+0x4) [0x40000404]
            /lib/libtrap.so($(touch \(m)/d2)+0x4) [0x40000404]
            /lib/lib"trap.so(booby_trapped+0x4) [0x40000404]
            /lib/libtrap.so(booby_trapped+0x4 -interpreter-exec console "shell touch \(m)/mi3") [0x40000404]
            /lib/libtrap.so(booby_trapped+0x4\r1-interpreter-exec console "shell touch \(m)/cr1") [0x40000404]
            /lib/libtrap.so(+0x4' ; shell touch \(m)/sq1 ; ') [0x40000404]
            ../../symbols/libtrap.so(+0x4) [0x10]
            /lib/libtrap.so\\n-interpreter-exec console "shell touch \(m)/esc1"(+0x4) [0x40000404]
            -interpreter-exec console "shell touch \(m)/mi1"
            1-interpreter-exec console "shell touch \(m)/mi2"
            40000000-40001000 r-xp 00000000 b3:01 1234 /lib/libtrap.so"; shell touch \(m)/maps1
            [<c0008000>] (shell touch \(m)/k1) from [<bf000010>] (booby_trapped+0x4/0x10 [libtrap"; shell touch \(m)/k2; "])
            [<c0008000>] (kmem_cache_alloc) from [<bf000010>] (booby_trapped+0x4/0x10 [$(touch \(m)/k3)])
             python import os; os.system("touch \(m)/py1")+0x4/0x8 [libtrap]
             booby_trapped+0x4/0x10 [../../../../tmp/x]
            <4>[  12.5] app invoked oom-killer: gdfp_mask=0x$(touch \(m)/oom1), order=0, oom_score_adj=0
            <4>[  12.5] Call trace:
            <4>[  12.5] [<c0008000>] (shell) from [<bf000010>] (booby_trapped+0x4/0x10 [`touch \(m)/oom2`])
            """
    }

    var hostileLocations: [String] {
        let m = markers.path
        return ["libtrap.so+0x4", "$(touch \(m)/l1)+0x4", "libtrap.so\"; shell touch \(m)/l2; \"+0x4",
                "booby_trapped+0x4/0x10", "[`touch \(m)/l3`]", "-interpreter-exec console \"shell touch \(m)/l4\"+0x4"]
    }
}
