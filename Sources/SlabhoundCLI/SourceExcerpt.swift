import Foundation
import Symbolication

/// A few lines of source around a location, when the file is on disk (after path rewriting,
/// like gdb's `set substitute-path`: `SourceFileLocator`).
struct SourceExcerpt {
    var locator: SourceFileLocator

    func path(for location: AddressLocation) -> String? {
        locator.readable([location.fullPath, location.innermost.file].compactMap { $0 })
    }

    func excerpt(for location: AddressLocation, context: Int) -> [String] {
        guard let line = location.innermost.line, let path = path(for: location),
              let data = FileManager.default.contents(atPath: path) else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let low = max(1, line - context), high = min(lines.count, line + context)
        guard low <= high else { return [] }
        return (low...high).map { number in
            let marker = number == line ? ">" : " "
            return String(format: "%@%5d  ", marker, number) + String(lines[number - 1])
        }
    }
}
