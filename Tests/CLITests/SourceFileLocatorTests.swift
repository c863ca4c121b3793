import Foundation
import Shell
@testable import SlabhoundCLI
import Testing

/// The one source-path rewrite of `locate`, `blame` and `report`: the command's --source-map,
/// then the session's `set source-map`, then the path as debug info gives it.
struct SourceFileLocatorTests {
    static func tree() throws -> (root: URL, file: URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-src-\(UUID().uuidString)")
        let file = root.appendingPathComponent("here/user/md.c")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "int x;\n".write(to: file, atomically: true, encoding: .utf8)
        return (root, file)
    }

    @Test func commandMapThenSessionMapThenAsIs() async throws {
        let (root, file) = try Self.tree()
        defer { try? FileManager.default.removeItem(at: root) }
        let built = "/build/sdk/user/md.c"
        let own = SourceFileLocator(maps: [try #require(SourceFileLocator.mapping("/build/sdk=\(root.path)/here"))])
        #expect(own.readable([built]) == file.path)
        // Not at a path-component boundary: `/build/sdkfoo` is not under `/build/sdk`.
        #expect(own.readable(["/build/sdkfoo/user/md.c"]) == nil)
        // The session's mapping applies when the command's does not.
        let session = ShellState(settings: ShellSettings(sourcePathMap: [SourcePathMapping(from: "/build/sdk", to: root.path + "/here")]))
        let none = SourceFileLocator(maps: [])
        #expect(none.readable([built]) == nil)
        #expect(ShellState.$current.withValue(session) { none.readable([built]) } == file.path)
        // A readable path as given needs no mapping; the first readable candidate wins.
        #expect(none.readable(["/no/such/file.c", file.path]) == file.path)
    }

    @Test func mappingNeedsAnEqualsSign() {
        #expect(SourceFileLocator.mapping("/a=/b") == SourcePathMapping(from: "/a", to: "/b"))
        #expect(SourceFileLocator.mapping("/a=/b=c") == SourcePathMapping(from: "/a", to: "/b=c"))
        #expect(SourceFileLocator.mapping("/a") == nil)
    }
}
