import Foundation
import Investigation
@testable import SlabhoundCLI
import Testing

/// `--git-blame` runs git on a path read from debug info: hostile names stay file names.
struct BlameGitTests {
    static func git(_ arguments: [String], in directory: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-c", "user.name=Test Person", "-c", "user.email=t@example.com"] + arguments
        p.currentDirectoryURL = directory
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(arguments)")
    }

    @Test("a file named like an option is blamed as a file; nothing else runs or is written",
          .enabled(if: GitBlameFinder.gitExecutable() != nil))
    func hostileFileName() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("blame-git-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let name = "--output=pwned.c"
        try "int a;\nvoid *p = malloc(4); /* leak */\n".write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8)
        // A textconv driver that would leave a mark if git ran it.
        try "*.c diff=evil\n".write(to: root.appendingPathComponent(".gitattributes"), atomically: true, encoding: .utf8)
        try Self.git(["init", "-q"], in: root)
        try Self.git(["config", "diff.evil.textconv", "touch \(root.path)/textconv-ran; cat"], in: root)
        try Self.git(["add", "--", name, ".gitattributes"], in: root)
        try Self.git(["commit", "-q", "-m", "add the leak"], in: root)

        let site = AllocationSite(module: "/lib/libx.so", location: BlameLocation(function: "f", file: root.path + "/" + name, line: 2),
                                  raw: "/lib/libx.so+0x10")
        let blame = try #require(GitBlameFinder(locator: SourceFileLocator(maps: [])).blame(site, diagnostics: Diagnostics(quiet: true)))
        #expect(blame.text == "void *p = malloc(4); /* leak */")
        #expect(blame.author == "Test Person")
        #expect(blame.summary == "add the leak")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("pwned.c").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("textconv-ran").path))
        // Outside a work tree, or past the end of the file: nothing, quietly.
        let outside = AllocationSite(module: "m", location: BlameLocation(function: "f", file: "/etc/hostname", line: 1), raw: "m+0x1")
        #expect(GitBlameFinder(locator: SourceFileLocator(maps: [])).blame(outside, diagnostics: Diagnostics(quiet: true)) == nil)
        let past = AllocationSite(module: "m", location: BlameLocation(function: "f", file: root.path + "/" + name, line: 99), raw: "m+0x1")
        #expect(GitBlameFinder(locator: SourceFileLocator(maps: [])).blame(past, diagnostics: Diagnostics(quiet: true)) == nil)
    }

    @Test("porcelain output is read; anything else is nil")
    func porcelain() {
        let text = """
        3f2a9c1d0000000000000000000000000000abcd 28 28 1
        author Jane Doe
        author-mail <jane@example.com>
        author-time 1700000000
        author-tz +0000
        summary md: allocate the luma plane
        filename user/md.c
        \tint ret = MI_SYS_MMA_Alloc("md_luma");
        """
        let line = GitBlameLine.parse(porcelain: text)
        #expect(line?.author == "Jane Doe" && line?.authorTime == 1_700_000_000)
        #expect(line?.text == "int ret = MI_SYS_MMA_Alloc(\"md_luma\");")
        #expect(line?.isCommitted == true)
        #expect(GitBlameLine.parse(porcelain: "fatal: no such path") == nil)
        #expect(GitBlameLine.parse(porcelain: "") == nil)
    }
}
