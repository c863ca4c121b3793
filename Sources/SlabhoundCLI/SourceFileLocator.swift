import Foundation
import Shell

/// Where a source file that debug info names is on this machine. Build machines compile under
/// other prefixes: each candidate path is tried rewritten by the command's `--source-map`
/// pairs, then by the session's `set source-map` (`ShellSettings.mapSourcePath`), then as it
/// is; the first readable one wins. The one place `blame`, `report` and `locate` rewrite paths.
struct SourceFileLocator {
    var maps: [SourcePathMapping]

    func readable(_ candidates: [String]) -> String? {
        let own = ShellSettings(sourcePathMap: maps)
        for candidate in candidates {
            for path in [own.mapSourcePath(candidate), ShellDefaults.mapSourcePath(candidate), candidate] {
                if FileManager.default.isReadableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    /// `FROM=TO` (the command-line form of `set source-map FROM TO`); nil without `=`.
    static func mapping(_ pair: String) -> SourcePathMapping? {
        guard let equals = pair.firstIndex(of: "=") else { return nil }
        return SourcePathMapping(from: String(pair[..<equals]), to: String(pair[pair.index(after: equals)...]))
    }
}
