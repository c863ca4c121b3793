/// Eight-level bar sparkline of a series' profile.
enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func render(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        guard hi > lo else { return String(repeating: "▄", count: values.count) }
        return String(values.map { v in bars[Swift.min(7, Int((v - lo) / (hi - lo) * 8))] })
    }
}
