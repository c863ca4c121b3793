// Fuzz target: the command encoder. Property: `encoded(token:)` either throws, or yields one
// line (no NUL, CR or LF) that gdb reads as exactly the arguments given — checked through
// GdbArgvModel in GdbMI (gdb's own MI argument splitter, and buildargv for CLI commands run through
// `-interpreter-exec console`). Arguments that are always valid must never be refused.
@testable import GdbMI

private struct Cursor {
    var bytes: ArraySlice<UInt8>
    mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }
    mutating func chunk() -> [UInt8] {
        let count = Int(byte()) % 48
        let taken = Array(bytes.prefix(count))
        bytes = bytes.dropFirst(count)
        return taken
    }
    mutating func u64() -> UInt64 {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return value
    }
}

/// What gdb must read for a path: a relative one gets `./` in front.
private func gdbPath(_ bytes: [UInt8]) -> [UInt8] {
    bytes.first == UInt8(ascii: "/") ? bytes : Array("./".utf8) + bytes
}

private func hex(_ value: UInt64) -> [UInt8] { Array(("0x" + String(value, radix: 16)).utf8) }

/// An argument and what gdb must read for it (nil: the encoder may refuse it).
private func argument(_ cursor: inout Cursor) -> (MIArgument, expected: [UInt8], mustAccept: Bool) {
    let kind = cursor.byte() % 6
    switch kind {
    case 0:
        // As an MI argument a path is taken when it is printable ASCII that tilde_expand leaves alone.
        let bytes = cursor.chunk()
        let path = gdbPath(bytes)
        let fine = !bytes.isEmpty && path.allSatisfy { (0x20...0x7E).contains($0) } && !GdbArgvModel.tildeMayExpand(path)
        return (.path(bytes: bytes), path, fine)
    case 1:
        let text = String(decoding: cursor.chunk(), as: UTF8.self)
        return (.cString(text), Array(text.utf8), !text.utf8.contains(0))
    case 2:
        let text = String(decoding: cursor.chunk(), as: UTF8.self)
        return (.identifier(text), Array(text.utf8), false)
    case 3:
        let value = Int(truncatingIfNeeded: cursor.u64())
        return (.number(value), Array(String(value).utf8), true)
    case 4:
        let value = cursor.u64()
        return (.address(value), hex(value), true)
    default:
        let value = cursor.u64()
        return (.codeAddress(value), [UInt8(ascii: "*")] + hex(value), true)
    }
}

private func checkLine(_ line: String) -> [UInt8] {
    let bytes = Array(line.utf8)
    if bytes.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) {
        fuzzFail("encoded line holds NUL/CR/LF: \(line.debugDescription)")
    }
    return bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGdbMIEncoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var cursor = Cursor(bytes: fuzzBytes(data, size)[...])
    let token = cursor.u64() % 1_000_000
    let mode = cursor.byte() % 2

    if mode == 0 {
        // An MI command with up to 6 arguments of any kind.
        var arguments: [MIArgument] = []
        var expected: [[UInt8]] = []
        var mustAccept = true
        for _ in 0..<Int(cursor.byte() % 7) {
            let (arg, bytes, fine) = argument(&cursor)
            arguments.append(arg)
            expected.append(bytes)
            mustAccept = mustAccept && fine
        }
        let command = MICommand("-slabhound-resolve", arguments: arguments)
        guard let line = try? command.encoded(token: token) else {
            if mustAccept { fuzzFail("valid arguments refused: \(arguments)") }
            return 0
        }
        let bytes = checkLine(line)
        guard let parsed = GdbArgvModel.miCommand(bytes) else { fuzzFail("gdb would refuse \(line.debugDescription)") }
        guard parsed.token == Array(String(token).utf8), parsed.operation == Array("-slabhound-resolve".utf8),
              parsed.argv == expected else {
            fuzzFail("gdb reads \(parsed.argv.map { String(decoding: $0, as: UTF8.self) }) from \(line.debugDescription), expected \(expected.map { String(decoding: $0, as: UTF8.self) })")
        }
        return 0
    }

    // `add-symbol-file PATH -o ADDR` / `-s SECTION ADDR` through -interpreter-exec console, as
    // GdbBackend sends it; section names are plain (GdbBackend filters them).
    // Any bytes, UTF-8 or not: every path but those gdb cannot read whatever the quoting.
    let pathBytes = cursor.chunk()
    var arguments: [MIArgument] = [.path(bytes: pathBytes)]
    var expected: [[UInt8]] = [gdbPath(pathBytes)]
    for _ in 0..<Int(cursor.byte() % 3) {
        let address = cursor.u64()
        if cursor.byte() % 2 == 0 {
            arguments += ["-o", .address(address)]
            expected += [Array("-o".utf8), hex(address)]
        } else {
            let name = "." + String(decoding: cursor.chunk().filter { (0x61...0x7A).contains($0) || $0 == 0x5F }, as: UTF8.self)
            arguments += ["-s", .identifier(name), .address(address)]
            expected += [Array("-s".utf8), Array(name.utf8), hex(address)]
        }
    }
    let mustAccept = !pathBytes.isEmpty && !pathBytes.contains(0) && !GdbArgvModel.tildeMayExpand(expected[0])
    guard let line = try? MICommand.console(ConsoleCommand("add-symbol-file", arguments: arguments)).encoded(token: token) else {
        if mustAccept { fuzzFail("valid path refused: \(pathBytes)") }
        return 0
    }
    if !mustAccept { fuzzFail("a path gdb cannot read as given was accepted: \(pathBytes)") }
    let bytes = checkLine(line)
    guard let parsed = GdbArgvModel.miCommand(bytes), parsed.argv.count == 2,
          parsed.argv[0] == Array("console".utf8) else {
        fuzzFail("gdb would not read one console line from \(line.debugDescription)")
    }
    let cli = parsed.argv[1]
    let name = Array("add-symbol-file".utf8)
    guard cli.starts(with: name), cli.count > name.count, GdbArgvModel.isSpace(cli[name.count]) else {
        fuzzFail("console line does not start with the command: \(String(decoding: cli, as: UTF8.self).debugDescription)")
    }
    let argv = GdbArgvModel.buildargv(Array(cli[name.count...]))
    guard argv == expected else {
        fuzzFail("add-symbol-file reads \(argv.map { String(decoding: $0, as: UTF8.self).debugDescription }) from \(line.debugDescription), expected \(expected.map { String(decoding: $0, as: UTF8.self).debugDescription })")
    }
    return 0
}
