import Foundation

extension Shell {
    func set(_ arguments: [String], json: Bool) -> CommandOutcome {
        guard let rawName = arguments.first else {
            ShellOutput.error("usage: set NAME VALUE. Names: gdb, page-size, symbols, colour, source-map (`help set`).")
            return .failure(exitCode: 64)
        }
        guard let name = Builtin.canonicalSetting(rawName) else {
            ShellOutput.error("no setting `\(rawName)`. Settings: gdb, page-size, symbols, colour, source-map.")
            return .failure(exitCode: 64)
        }
        let values = Array(arguments.dropFirst())
        let before = state.settings
        var after = before
        switch name {
        case "gdb":
            guard values.count == 1 else {
                ShellOutput.error("usage: set gdb PATH (e.g. `set gdb /usr/bin/gdb-multiarch`).")
                return .failure(exitCode: 64)
            }
            guard let resolved = Self.findExecutable(values[0]) else {
                ShellOutput.error("no executable `\(values[0])`: give the path of a gdb built for ARM (Debian: apt install gdb-multiarch).")
                return .failure(exitCode: 66)
            }
            after.gdbPath = resolved
        case "page-size":
            guard values.count == 1, let bytes = Self.parsePageSize(values[0]) else {
                ShellOutput.error("usage: set page-size BYTES — a power of two from 1024, such as 4096, 16k or 64k.")
                return .failure(exitCode: 64)
            }
            after.pageSize = bytes
        case "symbols":
            let missing = values.filter { !FileManager.default.fileExists(atPath: NSString(string: $0).expandingTildeInPath) }
            guard missing.isEmpty else {
                ShellOutput.error("no such file or directory: \(missing.joined(separator: ", ")). Give unstripped ELF files (.so, .ko, vmlinux, programs) or directories holding them.")
                return .failure(exitCode: 66)
            }
            after.symbolPaths = values.map(ShellSettings.absolutePath)
        case "colour":
            guard values.count == 1, let mode = Self.parseColourMode(values[0]) else {
                ShellOutput.error("usage: set colour auto|on|off")
                return .failure(exitCode: 64)
            }
            after.colour = mode
        case "source-map":
            if values.isEmpty || values == ["none"] {
                after.sourcePathMap = []
            } else if values.count == 2 {
                after.sourcePathMap.removeAll { $0.from == values[0] }
                after.sourcePathMap.append(SourcePathMapping(from: values[0], to: values[1]))
            } else {
                ShellOutput.error("usage: set source-map FROM TO (the build machine's source prefix, then where the sources are here); `set source-map` alone clears the list.")
                return .failure(exitCode: 64)
            }
        default:
            return .failure(exitCode: 64)
        }
        state.settings = after
        if after != before { hooks.settingsChanged(before, state) }
        if json {
            printSettingsJSON(after, only: name)
        }
        return .success
    }

    func show(_ arguments: [String], json: Bool) -> CommandOutcome {
        let settings = state.settings
        var only: String? = nil
        if let rawName = arguments.first {
            guard let name = Builtin.canonicalSetting(rawName) else {
                ShellOutput.error("no setting `\(rawName)`. Settings: gdb, page-size, symbols, colour, source-map.")
                return .failure(exitCode: 64)
            }
            only = name
        }
        if json {
            printSettingsJSON(settings, only: only)
            return .success
        }
        let noColour = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        let rows: [(String, String)] = [
            ("gdb", settings.gdbPath ?? "(automatic: arm-linux-gnueabihf-gdb, else gdb-multiarch)"),
            ("page-size", "\(settings.pageSize)"),
            ("symbols", settings.symbolPaths.isEmpty ? "(none)" : settings.symbolPaths.joined(separator: " ")),
            ("colour", settings.colour.rawValue + (noColour && settings.colour != .off ? " (but NO_COLOR is set: no colour)" : "")),
            ("source-map", settings.sourcePathMap.isEmpty ? "(none)" : settings.sourcePathMap.map { "\($0.from) -> \($0.to)" }.joined(separator: ", ")),
        ]
        let selected = rows.filter { only == nil || $0.0 == only }
        let width = selected.map(\.0.count).max() ?? 0
        for (name, value) in selected {
            ShellOutput.line(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value)
        }
        return .success
    }

    private func printSettingsJSON(_ settings: ShellSettings, only: String?) {
        let all: [String: Any] = [
            "gdb": settings.gdbPath as Any? ?? NSNull(),
            "page-size": settings.pageSize,
            "symbols": settings.symbolPaths,
            "colour": settings.colour.rawValue,
            "source-map": settings.sourcePathMap.map { ["from": $0.from, "to": $0.to] },
        ]
        if let only, let value = all[only] {
            printJSON([only: value])
        } else {
            printJSON(all)
        }
    }

    static func parsePageSize(_ text: String) -> Int? {
        let lower = text.lowercased()
        var digits = Substring(lower)
        var multiplier = 1
        if lower.hasSuffix("k") || lower.hasSuffix("kb") || lower.hasSuffix("kib") {
            multiplier = 1024
            digits = lower.prefix { $0.isNumber }[...]
        }
        guard let value = Int(digits), value > 0 else { return nil }
        let bytes = value * multiplier
        guard bytes >= 1024, bytes & (bytes - 1) == 0 else { return nil }
        return bytes
    }

    static func parseColourMode(_ text: String) -> ColourMode? {
        switch text.lowercased() {
        case "auto": return .auto
        case "on", "yes", "true", "always": return .on
        case "off", "no", "false", "never": return .off
        default: return nil
        }
    }

    /// `name` if it is an executable path, else the first match on $PATH.
    static func findExecutable(_ name: String) -> String? {
        let expanded = NSString(string: name).expandingTildeInPath
        if expanded.contains("/") {
            return FileManager.default.isExecutableFile(atPath: expanded) ? expanded : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(expanded)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
