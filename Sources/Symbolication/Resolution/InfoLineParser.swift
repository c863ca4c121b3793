/// Reads gdb's `info line *ADDR` answer: the pure-MI fallback for a gdb built without Python.
/// It knows the innermost line and the enclosing function, not the inline chain.
///
///     Line 5 of "lib.c" starts at address 0x100005c0 <helper+4> and ends at 0x100005c4 <helper+8>.
///     Line 5 of "lib.c" is at address 0x100005c0 <helper+4> but contains no code.
///     No line number information available for address 0x100005c3 <helper+7>
enum InfoLineParser {
    static func parse(_ text: String) -> AddressLocation? {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let function = symbolName(in: line)
        if line.hasPrefix("Line "), let quoteStart = line.firstIndex(of: "\"") {
            let afterQuote = line.index(after: quoteStart)
            guard let quoteEnd = line[afterQuote...].firstIndex(of: "\"") else { return nil }
            let numberText = line.dropFirst(5).prefix { $0.isNumber }
            let file = String(line[afterQuote..<quoteEnd])
            guard let function else { return nil }
            return AddressLocation(innermost: SourceLocation(function: function, file: file, line: Int(numberText)))
        }
        if line.hasPrefix("No line number information"), let function {
            return AddressLocation(innermost: SourceLocation(function: function), fromMinimalSymbol: true)
        }
        return nil
    }

    /// `<name+12>` → `name`; C++ names keep their parameter lists (`<f(int)+4>` → `f(int)`).
    static func symbolName(in line: String) -> String? {
        guard let open = line.firstIndex(of: "<") else { return nil }
        var depth = 0
        var end: String.Index?
        for index in line[open...].indices {
            if line[index] == "<" { depth += 1 }
            if line[index] == ">" {
                depth -= 1
                if depth == 0 { end = index; break }
            }
        }
        guard let end else { return nil }
        var inner = line[line.index(after: open)..<end]
        if let plus = inner.lastIndex(of: "+"), inner[inner.index(after: plus)...].allSatisfy(\.isNumber) {
            inner = inner[..<plus]
        }
        return inner.isEmpty ? nil : String(inner)
    }
}
