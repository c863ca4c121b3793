import ArgumentParser
import Foundation
import Shell
import Symbolication

/// `load PATH...` (alias `symbols`): add symbol files and directories to the session; with no
/// PATH, list what is loaded.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Add symbol files/directories to the session; without PATH, list the loaded files (kind, arch, build id, debug info).",
        discussion: """
        PATH is an unstripped vmlinux, .ko, .so or executable, or a directory searched \
        recursively — what `--symbols` takes. Frames are matched by file name (`/lib/libX.so` → \
        libX.so, `[mi_sys]` → mi_sys.ko, kernel → vmlinux). The listing shows each ELF file with \
        its kind, architecture, GNU build id (compare it with the board's: `readelf -n`) and \
        whether it has DWARF debug info (without it, frames resolve to functions but not lines).
        """,
        aliases: ["symbols"])

    @Flag(help: "Print JSON: {paths: [...], files: [{path, kind, arch, build_id, debug_info}], problems: [...]}.")
    var json = false

    @Argument(help: "Files or directories to add.")
    var paths: [String] = []

    func run() async throws {
        let state = ShellState.current ?? ShellState()
        var added: [String] = []
        for path in paths {
            let absolute = ShellSettings.absolutePath(path)
            // Nothing is added when one path is wrong; the session keeps what it had.
            try SymbolOptions.checkSymbolPath(absolute, option: "cannot load")
            if !state.settings.symbolPaths.contains(absolute) { added.append(absolute) }
        }
        if !added.isEmpty { state.updateSettings { $0.symbolPaths += added } }

        let listed = paths.isEmpty ? state.settings.symbolPaths : paths.map(ShellSettings.absolutePath)
        let index = SymbolFileIndex(paths: listed)
        // Each ELF file is read for its build id and debug info: a big vmlinux or a whole
        // rootfs takes a while, so say where it is.
        let elves = index.allFiles.filter { ELFFile.hasELFMagic($0) }
        let progress = ProgressLine()
        var files: [FileInfo] = []
        for (number, url) in elves.enumerated() {
            progress.show { "reading symbol files: \(number + 1) of \(elves.count) (\(url.lastPathComponent))" }
            files.append(Self.describe(url))
        }
        progress.clear()
        if json {
            print(try JSONText.encode(LoadJSON(paths: state.settings.symbolPaths, files: files, problems: index.problems)))
            return
        }
        if listed.isEmpty {
            print("No symbols loaded: `load DIR` (or start with `slabhound --symbols DIR`) with the unstripped vmlinux, .ko, .so and executables of the board's build.")
            return
        }
        if !paths.isEmpty {
            print(added.isEmpty ? "Already loaded." : "Loaded \(added.joined(separator: ", ")): \(files.count) ELF file\(files.count == 1 ? "" : "s").")
        }
        print(Self.table(files), terminator: "")
        for problem in index.problems { Diagnostics().warn(problem) }
        let stripped = files.filter { !$0.debugInfo }
        if !stripped.isEmpty {
            print("\(stripped.count) file\(stripped.count == 1 ? " has" : "s have") no debug info: frames in \(stripped.count == 1 ? "it" : "them") resolve to a function at best, never to a line — load the unstripped build.")
        }
    }

    struct FileInfo: Encodable {
        var path: String
        var kind: String
        var arch: String
        var buildID: String?
        var debugInfo: Bool
        var error: String?

        enum CodingKeys: String, CodingKey {
            case path, kind, arch
            case buildID = "build_id", debugInfo = "debug_info", error
        }
    }

    static func describe(_ url: URL) -> FileInfo {
        do {
            let elf = try ELFFile(contentsOf: url)
            return FileInfo(path: url.path, kind: kind(elf, name: url.lastPathComponent), arch: arch(elf),
                            buildID: elf.buildID, debugInfo: elf.hasDebugInfo)
        } catch {
            return FileInfo(path: url.path, kind: "unreadable", arch: "?", buildID: nil, debugInfo: false, error: "\(error)")
        }
    }

    static func kind(_ elf: ELFFile, name: String) -> String {
        switch elf.fileType {
        case .relocatable: return name.hasSuffix(".ko") ? ".ko" : "relocatable"
        case .executable: return name.hasPrefix("vmlinux") ? "vmlinux" : "executable"
        case .sharedObject: return name.contains(".so") ? ".so" : "executable (PIE)"
        case .core: return "core"
        }
    }

    static func arch(_ elf: ELFFile) -> String {
        let name: String
        switch elf.machine {
        case 40: name = "ARM"
        case 183: name = "AArch64"
        case 62: name = "x86-64"
        case 3: name = "i386"
        case 8: name = "MIPS"
        case 243: name = "RISC-V"
        default: name = "machine \(elf.machine)"
        }
        return name + (elf.is64Bit ? " 64-bit" : " 32-bit")
    }

    static func table(_ files: [FileInfo]) -> String {
        guard !files.isEmpty else { return "No ELF files under the loaded paths.\n" }
        let width = min(60, files.map { $0.path.count }.max() ?? 0)
        var out = "file".padding(toLength: width, withPad: " ", startingAt: 0) + "  kind              arch          debug  build id\n"
        for f in files {
            let path = f.path.count > width ? "…" + f.path.suffix(width - 1) : f.path.padding(toLength: width, withPad: " ", startingAt: 0)
            out += path + "  " + f.kind.padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
                + f.arch.padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + (f.debugInfo ? "yes  " : "no   ") + "  "
                + (f.buildID ?? "-") + "\n"
        }
        return out
    }
}

private struct LoadJSON: Encodable {
    var paths: [String]
    var files: [LoadCommand.FileInfo]
    var problems: [String]
}
