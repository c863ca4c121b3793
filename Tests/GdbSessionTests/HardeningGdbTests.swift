import Foundation
import Testing
import GdbMI
@testable import GdbSession
#if canImport(Glibc)
import Glibc
#endif

/// Symbol files under any path a Unix file system can hold load through the real gdb:
/// `add-symbol-file` of a real ARM library (the fixtures' libMD_LINUX.so) copied under
/// directories named with non-ASCII and invalid UTF-8 bytes, blanks, tabs, newlines, quotes,
/// backslashes (`\303` as text), shell syntax and tildes, then an address in it resolved to its
/// source line. The one thing gdb cannot take — `~` after a blank or tab, which readline's
/// tilde_expand rewrites after any quoting — is refused before gdb sees it, with a reason.
@Suite(.enabled(if: ARMLibraryFixture.url != nil, "fixtures: run `make fixtures` (or set SLABHOUND_FIXTURES)"))
struct HardeningGdbTests {
    /// Directory names, as bytes: each becomes `<scratch>/<name>/lib.so`.
    static let names: [[UInt8]] = [
        "d\u{E9}j\u{E0} vu", "tab\there", "emoji \u{1F600}", "nl\nhere", "cr\rhere", "vt\u{B}ff\u{C}",
        #"q'uo"te"#, #"back\slash"#, #"oct\303al"#, "$(touch pwned) `x`;|&#", "e\u{301}'quote",
        "-readnow", "~", "a~b", "nl\n~root", "trailing  ", " leading", "\u{1}ctl\u{7F}",
    ].map { Array($0.utf8) } + [[0xFF, 0xFE, 0x80, 0x20, 0xC3]]   // not UTF-8

    @Test("add-symbol-file under a hostile directory name, then an address resolves", arguments: names)
    func hostilePathLoads(name: [UInt8]) async throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try Self.copyLibrary(into: Array(scratch.path.utf8) + [UInt8(ascii: "/")] + name)

        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let load = try await session.execute(
            .console(ConsoleCommand("add-symbol-file", .path(bytes: path), "-o", .address(0x2000_0000))))
        let (line, address) = try await Self.resolveMDInit(session)
        await session.shutdown()
        #expect(load.resultClass == .done, "gdb: \(load.errorMessage ?? "")")
        #expect(address >= 0x2000_0000, "MI_MD_Init is not in the loaded range: \(String(address, radix: 16))")
        #expect(line == (try await Self.control), "info line: \(line)")
        #expect(line.contains(#"of "user/md.c" starts at address"#), "info line: \(line)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/pwned"))
    }

    /// A path whose `~` follows a blank or a tab: refused with the reason, before gdb runs.
    @Test(arguments: ["a ~root", "a\t~", "x ~nosuchuser"])
    func tildeAfterBlankIsRefusedClearly(name: String) async throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let path = try Self.copyLibrary(into: Array((scratch.path + "/" + name).utf8))
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let attempt = await outcome {
            try await session.execute(.console(ConsoleCommand("add-symbol-file", .path(bytes: path), "-o", .address(0x2000_0000))))
        }
        await session.shutdown()
        guard case .failure(let error) = attempt else {
            Issue.record("loaded or sent: \(attempt)")
            return
        }
        #expect("\(error)".contains("home directory"), "\(error)")
    }

    /// `source` takes the rest of its line: a helper script under quotes, backslashes and
    /// non-ASCII bytes runs.
    @Test func sourceTakesAnyDirectory() async throws {
        let scratch = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let directory = scratch.appendingPathComponent(#"h"q'\303 d\#u{E9} -v"#)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("helper.py")
        try "gdb.execute('set $slabhound_sourced = 42')\n".write(to: script, atomically: true, encoding: .utf8)
        let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
        let sourced = try await session.execute(.console(ConsoleCommand("source", .rawPath(script.path))))
        let value = try await session.execute(MICommand("-data-evaluate-expression", .identifier("$slabhound_sourced")))
        await session.shutdown()
        #expect(sourced.resultClass == .done, "gdb: \(sourced.errorMessage ?? "")")
        #expect(value.results["value"]?.stringValue == "42")
    }

    /// `info line` at MI_MD_Init with the library loaded from its own plain path.
    static var control: String {
        get async throws {
            let library = try #require(ARMLibraryFixture.url)
            let session = try await GdbSession(configuration: SessionTestSupport.realConfiguration())
            _ = try await session.execute(
                .console(ConsoleCommand("add-symbol-file", .path(library.path), "-o", .address(0x2000_0000))))
            let (line, _) = try await resolveMDInit(session)
            await session.shutdown()
            return line
        }
    }

    /// `MI_MD_Init`'s address, and `info line` at it.
    static func resolveMDInit(_ session: GdbSession) async throws -> (line: String, address: UInt64) {
        // `Symbol "MI_MD_Init" is a function at address 0x20000524.`
        let info = try await session.execute(.console(ConsoleCommand("info address", .identifier("MI_MD_Init"))))
        let text = String(decoding: info.console, as: UTF8.self)
        guard let hex = text.split(whereSeparator: { $0 == " " || $0 == "." || $0 == "\n" }).first(where: { $0.hasPrefix("0x") }),
              let address = UInt64(hex.dropFirst(2), radix: 16) else {
            return ("no address for MI_MD_Init: \(info.errorMessage ?? text)", 0)
        }
        let line = try await session.execute(.console(ConsoleCommand("info line", .codeAddress(address))))
        return (String(decoding: line.console, as: UTF8.self), address)
    }

    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slabhound-gdbpath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies the library to `<directory bytes>/lib.so` with byte-exact names (Foundation's
    /// String paths cannot name a directory that is not UTF-8) and returns that path.
    static func copyLibrary(into directory: [UInt8]) throws -> [UInt8] {
        guard let library = ARMLibraryFixture.url else { throw CocoaError(.fileNoSuchFile) }
        let contents = try Data(contentsOf: library)
        let file = directory + Array("/lib.so".utf8)
        func cString(_ bytes: [UInt8]) -> [CChar] { (bytes + [0]).map { CChar(bitPattern: $0) } }
        guard mkdir(cString(directory), 0o700) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let fd = open(cString(file), O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard written == contents.count else { throw POSIXError(.EIO) }
        return file
    }
}

/// `.fixtures/rootfs/lib/libMD_LINUX.so`, a real Thumb-2 library (SLABHOUND_FIXTURES overrides
/// the directory).
enum ARMLibraryFixture {
    static let url: URL? = {
        let fixtures = ProcessInfo.processInfo.environment["SLABHOUND_FIXTURES"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".fixtures")
        let url = fixtures.appendingPathComponent("rootfs/lib/libMD_LINUX.so")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }()
}
