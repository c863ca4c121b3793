import Synchronization

/// A module's symbols by name, built on first use: `(+0xoff)` and bare-address frames never
/// look a name up, and a libc holds thousands of names (building the table was a tenth of a
/// warm run over one library).
final class FunctionNameTable: Sendable {
    private let symbols: [ELFFile.Symbol]
    private let built = Mutex<[String: [ELFFile.Symbol]]?>(nil)

    init(_ symbols: [ELFFile.Symbol]) {
        self.symbols = symbols
    }

    var table: [String: [ELFFile.Symbol]] {
        built.withLock { table in
            if let table { return table }
            var made: [String: [ELFFile.Symbol]] = [:]
            for symbol in symbols where symbol.isDefined {
                // Duplicates between .symtab and .dynsym describe the same symbol; keep one.
                if made[symbol.name]?.contains(where: { $0.value == symbol.value }) == true { continue }
                made[symbol.name, default: []].append(symbol)
            }
            // Functions first so `lookup` prefers them over data of the same name.
            made = made.mapValues { list in list.sorted { $0.isFunction && !$1.isFunction } }
            table = made
            return made
        }
    }
}
