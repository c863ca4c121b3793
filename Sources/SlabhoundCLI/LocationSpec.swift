import Captures

/// A location typed by a person for `locate`: `lib.so+0x5ac`, `func+0x3c/0x86 [mi_sys]`,
/// `func+0x1b`, or `0xb6c05794` (with `--module` and `--base`). Parsed into the same frame
/// type the trace parsers produce, so it resolves exactly like a frame in a log.
enum LocationSpec {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func frame(from text: String, module: String?, base: UInt64?) throws -> TraceFrame {
        var spec = Substring(text.trimmingCharacters(in: .whitespaces))
        var kernelModule: String?
        if spec.hasSuffix("]"), let open = spec.lastIndex(of: "[") {
            kernelModule = spec[spec.index(after: open)..<spec.index(before: spec.endIndex)]
                .trimmingCharacters(in: .whitespaces)
            spec = spec[..<open]
            spec = spec.dropLast(spec.count - spec.trimmingCharacters(in: .whitespaces).count)
        }
        if spec.hasPrefix("0x") || spec.hasPrefix("0X") {
            guard let address = UInt64(spec.dropFirst(2), radix: 16) else { throw Problem(description: "\(text): not a hex address") }
            guard let module else { throw Problem(description: "\(text): a bare address needs --module FILE (and --base ADDR for a shared object)") }
            if let base {
                guard address >= base else { throw Problem(description: "\(text) is below the base 0x\(String(base, radix: 16))") }
                return TraceFrame(kind: .user, inputLine: 0, module: module, offset: address - base, printed: text)
            }
            return TraceFrame(kind: .user, inputLine: 0, module: module, address: address, printed: text)
        }
        guard let plus = spec.lastIndex(of: "+") else {
            throw Problem(description: "\(text): expected MODULE+0xOFF, FUNC+0xOFF[/0xSIZE] [MODULE] or 0xADDR")
        }
        let name = String(spec[..<plus])
        var numbers = spec[spec.index(after: plus)...].split(separator: "/", maxSplits: 1)
        guard let offset = numbers.first.flatMap({ parseNumber($0) }) else { throw Problem(description: "\(text): bad offset") }
        numbers.removeFirst()
        let size = numbers.first.flatMap { parseNumber($0) }
        if let kernelModule {
            return TraceFrame(kind: .kernel, inputLine: 0, module: kernelModule, function: name, offset: offset, size: size, printed: text)
        }
        if name.contains(".so") || name.hasSuffix(".ko") || name.contains("/") {
            if name.hasSuffix(".ko") {
                throw Problem(description: "\(text): a .ko needs FUNC+0xOFF [MODULE]: its sections are relocatable")
            }
            return TraceFrame(kind: .user, inputLine: 0, module: name, offset: offset, printed: text)
        }
        if let module {
            return TraceFrame(kind: .user, inputLine: 0, module: module, function: name, offset: offset, size: size, printed: text)
        }
        return TraceFrame(kind: .kernel, inputLine: 0, function: name, offset: offset, size: size, printed: text)
    }

    private static func parseNumber(_ text: Substring) -> UInt64? {
        text.hasPrefix("0x") || text.hasPrefix("0X") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text, radix: 16)
    }
}
