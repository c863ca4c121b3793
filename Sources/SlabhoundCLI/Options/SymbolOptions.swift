import ArgumentParser

/// Where symbols come from and which gdb reads them; shared by every command that symbolizes.
struct SymbolOptions: ParsableArguments {
    @Option(name: .customLong("symbols"), help: ArgumentHelp(
        "An unstripped .so/.ko/vmlinux file, or a directory searched recursively (repeatable).",
        valueName: "path"))
    var symbolPaths: [String] = []

    @Option(name: .customLong("gdb"), help: ArgumentHelp(
        "The gdb to use (default: arm-linux-gnueabihf-gdb on PATH, else gdb-multiarch).",
        valueName: "path"))
    var gdbPath: String?

    @Option(name: .customLong("gdb-timeout"), help: ArgumentHelp("Seconds one gdb command may take.", valueName: "seconds"))
    var gdbTimeout: Int = 60

    @Flag(name: .customLong("no-cache"), help: ArgumentHelp(
        "Neither read nor write the location cache ($XDG_CACHE_HOME/slabhound, else ~/.cache/slabhound)."))
    var noCache = false
}
