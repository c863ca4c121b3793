import Foundation

/// Finds the unstripped file for a module named in a trace, among the files and directories the
/// user gave with `--symbols` (directories are searched recursively, once).
///
/// Names are matched the way a board names them: `/lib/libMD_LINUX.so` → a file named
/// `libMD_LINUX.so`; kernel module `[mi_sys]` → `mi_sys.ko` (the kernel prints `-` as `_`, so both
/// are alike); core kernel frames → `vmlinux`.
public struct SymbolFileIndex: Sendable {
    /// Normalised basename → candidate files, in the order the user gave them.
    private var byName: [String: [URL]] = [:]
    public private(set) var roots: [String] = []
    public private(set) var problems: [String] = []

    public init(paths: [String]) {
        for path in paths { add(path: path) }
    }

    public var isEmpty: Bool { byName.isEmpty }

    /// Every file indexed, for `symbols` listings and completion.
    public var allFiles: [URL] {
        var seen = Set<String>()
        return byName.values.flatMap { $0 }.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    }

    public mutating func add(path: String) {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            problems.append("\(path): no such file or directory")
            return
        }
        roots.append(url.path)
        if isDirectory.boolValue {
            let keys: [URLResourceKey] = [.isRegularFileKey]
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: keys) else { return }
            for case let file as URL in walker {
                guard (try? file.resourceValues(forKeys: Set(keys)))?.isRegularFile == true else { continue }
                remember(file)
            }
        } else {
            remember(url)
        }
    }

    private mutating func remember(_ file: URL) {
        let key = Self.normalise(file.lastPathComponent)
        if byName[key, default: []].contains(where: { $0.path == file.path }) { return }
        byName[key, default: []].append(file)
    }

    /// `-` and `_` are alike in kernel module names; case is kept (Linux file names are exact).
    static func normalise(_ name: String) -> String {
        name.replacingOccurrences(of: "-", with: "_")
    }

    /// The first ELF file whose name matches. Non-ELF files of the same name (scripts, text) are skipped.
    public func file(named name: String) -> URL? {
        byName[Self.normalise(name)]?.first { ELFFile.hasELFMagic($0) }
    }

    public func file(for module: ModuleKey) -> URL? {
        switch module {
        case .kernelCore: return file(named: "vmlinux")
        case .kernelModule(let name): return file(named: name + ".ko")
        case .user(let path): return file(named: (path as NSString).lastPathComponent)
        }
    }
}
