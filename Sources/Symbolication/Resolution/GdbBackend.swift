import Foundation
import GdbMI
import GdbSession

/// The real backend: one gdb for every module of a run.
///
/// With Python, GdbScripts/slabhound.py adds `-slabhound-resolve`, which answers many addresses
/// per round trip with inline chains. Without it (vendor gdbs are often built without Python)
/// each address costs one `info line *ADDR`, which knows the innermost line and the enclosing
/// function only; `modeDescription` says which one ran.
public actor GdbBackend: LocationBackend {
    private let session: GdbSession
    private var hasPythonHelper = false
    private var pythonProblem: String?
    /// The helper also reads addresses from a file (`-slabhound-resolve-file`): gdb reads MI
    /// input from a pipe one byte per read(2), ~45,000 system calls for 4,096 addresses.
    private var hasFileResolve = false
    /// A private directory (0700) for those files, made on first use, removed at shutdown.
    private var addressFiles: URL?
    private let temporaryDirectory: URL
    private(set) var addressFileCount = 0
    /// Batches at least this long go through a file.
    static let fileBatchThreshold = 32

    /// `temporaryDirectory`: where the private directory for address files is made.
    public init(session: GdbSession, helperScript: URL?,
                temporaryDirectory: URL = FileManager.default.temporaryDirectory) async {
        self.session = session
        self.temporaryDirectory = temporaryDirectory
        // `info line` prints <symbol+off> from the ELF symbol: demangle it as the helper does.
        _ = try? await session.execute(.console(ConsoleCommand("set print asm-demangle on")), replayOnRestart: true)
        guard let helperScript else {
            pythonProblem = "GdbScripts/slabhound.py not found"
            return
        }
        do {
            let sourced = try await session.execute(
                .console(ConsoleCommand("source", .rawPath(helperScript.path))), replayOnRestart: true)
            if sourced.resultClass == .error {
                pythonProblem = sourced.errorMessage ?? "gdb could not source the helper"
                return
            }
            let probe = try await session.execute(MICommand("-slabhound-resolve"))
            hasPythonHelper = probe.resultClass == .done
            if !hasPythonHelper { pythonProblem = probe.errorMessage ?? "helper command missing" }
            // Without an argument the file command answers a usage error; an older helper
            // answers "undefined command".
            let fileProbe = try await session.execute(MICommand("-slabhound-resolve-file"))
            hasFileResolve = hasPythonHelper && fileProbe.errorCode != "undefined-command"
        } catch {
            pythonProblem = "\(error)"
        }
    }

    /// Starts gdb (located as `GdbLocator` says) and sources the helper.
    public static func start(gdb explicit: String?, timeout: Duration = .seconds(30)) async throws -> GdbBackend {
        let session = try await GdbSession(configuration: try configuration(gdb: explicit, timeout: timeout))
        return await GdbBackend(session: session, helperScript: GdbScriptsLocator.helperScript())
    }

    /// How `start` runs gdb: located as `GdbLocator` says, with slabhound's data directory.
    static func configuration(gdb explicit: String?, timeout: Duration) throws -> GdbConfiguration {
        var configuration = GdbConfiguration(executable: try GdbLocator.locate(explicit: explicit))
        configuration.commandTimeout = timeout
        configuration.dataDirectory = GdbScriptsLocator.dataDirectory()?.path
        return configuration
    }

    public var modeDescription: String {
        hasPythonHelper
            ? "python helper (inline chains)"
            : "pure MI (innermost line + enclosing function; \(pythonProblem ?? "no python"))"
    }

    public func load(_ module: LoadedModule) async throws {
        var arguments: [MIArgument] = [.path(module.url.path)]
        if module.isRelocatable {
            // Each section of a .ko at the address ModuleLayout chose: modules never shadow each other.
            for section in module.elf.sections where module.sectionAddresses[section.index] != nil {
                guard Self.isPlainSectionName(section.name) else { continue }
                arguments += ["-s", .identifier(section.name), .address(module.sectionAddresses[section.index]!)]
            }
        } else {
            arguments += ["-o", .address(module.slide)]
        }
        let response = try await session.execute(
            .console(ConsoleCommand("add-symbol-file", arguments: arguments)), replayOnRestart: true)
        if response.resultClass == .error {
            throw SymbolizerError("gdb refused \(module.url.lastPathComponent): \(response.errorMessage ?? "unknown error")")
        }
    }

    /// Section names come from the file: only plain ones are passed to gdb.
    static func isPlainSectionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
    }

    public func resolve(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
        hasPythonHelper ? try await resolveWithHelper(addresses) : try await resolveWithInfoLine(addresses)
    }

    private func resolveWithHelper(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
        let inline = MICommand("-slabhound-resolve", arguments: addresses.map { .address($0) })
        let response: MIResponse
        if addresses.count >= Self.fileBatchThreshold, let file = writeAddressFile(addresses) {
            defer { try? FileManager.default.removeItem(at: file) }
            let command = MICommand("-slabhound-resolve-file", arguments: [.path(file.path)])
            if (try? command.encoded(token: 0)) != nil {
                response = try await session.execute(command)
            } else {
                // A temporary directory whose path MI cannot carry (a newline in TMPDIR): the
                // arguments it is, for the rest of the session too.
                hasFileResolve = false
                response = try await session.execute(inline)
            }
        } else {
            response = try await session.execute(inline)
        }
        guard response.resultClass == .done else {
            throw SymbolizerError("gdb: \(response.errorMessage ?? "-slabhound-resolve failed")")
        }
        var result: [UInt64: AddressLocation] = [:]
        for entry in response.results["locations"]?.listValue ?? [] {
            guard let address = entry["address"]?.uint64Value,
                  let function = entry["function"]?.stringValue else { continue }
            let inner = SourceLocation(function: function, file: entry["file"]?.stringValue,
                                       line: entry["line"]?.intValue)
            let chain = (entry["inlined_by"]?.listValue ?? []).compactMap { level -> SourceLocation? in
                guard let name = level["function"]?.stringValue else { return nil }
                return SourceLocation(function: name, file: level["file"]?.stringValue, line: level["line"]?.intValue)
            }
            result[address] = AddressLocation(innermost: inner, inlinedBy: chain,
                                              fullPath: entry["fullname"]?.stringValue,
                                              fromMinimalSymbol: entry["minimal"] != nil)
        }
        return result
    }

    private func resolveWithInfoLine(_ addresses: [UInt64]) async throws -> [UInt64: AddressLocation] {
        var result: [UInt64: AddressLocation] = [:]
        for address in addresses {
            let response = try await session.execute(.console(ConsoleCommand("info line", "*", .address(address))))
            let text = String(decoding: response.console, as: UTF8.self)
            if let location = InfoLineParser.parse(text) { result[address] = location }
        }
        return result
    }

    /// Writes the addresses (hex, one blank apart) to a new file of the private directory; nil
    /// when that fails (the batch then goes over the pipe as before).
    private func writeAddressFile(_ addresses: [UInt64]) -> URL? {
        guard hasFileResolve else { return nil }
        if addressFiles == nil {
            let directory = temporaryDirectory.appendingPathComponent("slabhound-gdb-\(getpid())-\(UUID().uuidString)")
            guard (try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false,
                                                            attributes: [.posixPermissions: 0o700])) != nil else {
                hasFileResolve = false
                return nil
            }
            addressFiles = directory
        }
        addressFileCount += 1
        let file = addressFiles!.appendingPathComponent("addresses-\(addressFileCount)")
        var text = ""
        text.reserveCapacity(addresses.count * 11)
        for address in addresses {
            text += "0x"
            text += String(address, radix: 16)
            text += " "
        }
        // A plain write (the directory is private): FileManager.createFile writes atomically,
        // with an fsync per batch.
        guard (try? Data(text.utf8).write(to: file)) != nil else { return nil }
        return file
    }

    public func shutdown() async {
        await session.shutdown()
        if let addressFiles { try? FileManager.default.removeItem(at: addressFiles) }
    }

    /// SIGINT to gdb's process group: the running command ends (as a timeout-like error) and gdb
    /// stays up with every module loaded.
    public func interrupt() async {
        await session.interrupt()
    }
}
