// swift-tools-version:6.0
// slabhound — a debugging assistant for embedded-Linux memory leaks.
// Dependencies point one way: slabhound → SlabhoundCLI → Investigation/Symbolication → GdbSession → GdbMI;
// Captures and GdbMI are pure parsers (no processes, no files).
import PackageDescription

let package = Package(
    name: "slabhound",
    products: [
        .executable(name: "slabhound", targets: ["slabhound"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Thin @main: hands off to SlabhoundCLI.
        .executableTarget(name: "slabhound", dependencies: ["SlabhoundCLI"]),
        // One definition of every command (command line today, the shell later).
        .target(name: "SlabhoundCLI", dependencies: [
            "Captures", "Investigation", "Symbolication", "GdbSession", "Shell",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Pure: GDB/MI record grammar, c-string escapes, command encoding.
        .target(name: "GdbMI"),
        // Spawns gdb, owns it (actor), matches tokens, timeouts, restarts.
        .target(name: "GdbSession", dependencies: ["GdbMI"]),
        // Pure: console-log segmentation and every /proc, OOM and backtrace format.
        .target(name: "Captures"),
        // Frames → modules → locations; ELF reading, base inference, uses a GdbSession.
        .target(name: "Symbolication", dependencies: ["Captures", "GdbSession", "GdbMI"]),
        // The method: trend verdict, compare, rules table.
        .target(name: "Investigation", dependencies: ["Captures"]),

        // GNU readline through a system-library target; only LineEditing imports it.
        .systemLibrary(name: "CReadline", pkgConfig: "readline",
                       providers: [.apt(["libreadline-dev"])]),
        // Prompt, history, completion, bracketed paste, non-tty fallback.
        .target(name: "LineEditing", dependencies: ["CReadline"]),
        // The REPL machinery: loop, paste recognition, batch mode. Commands are injected by
        // SlabhoundCLI, so the shell and the command line share one definition of each command.
        .target(name: "Shell", dependencies: ["LineEditing", "Captures"]),

        .testTarget(name: "GdbMITests", dependencies: ["GdbMI", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "GdbSessionTests", dependencies: ["GdbSession", "GdbMI"], exclude: ["Fixtures"]),
        .testTarget(name: "CapturesTests", dependencies: ["Captures", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SymbolicationTests", dependencies: ["Symbolication", "Captures", "GdbSession"]),
        .testTarget(name: "InvestigationTests", dependencies: ["Investigation", "Captures"], exclude: ["Fixtures"]),
        // What the test targets that run the built binary share (finding it, running it).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "CLITests", dependencies: ["SlabhoundCLI", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "LineEditing", "TestSupport"], exclude: ["Fixtures"]),
    ]
)
