/// A line chart as inline SVG: one polyline per series over the sample numbers, a shared value
/// axis, gridlines with labels, and a marker per point when there are few. No script, no
/// external anything — it draws offline, in any browser, and in print.
struct SVGLineChart {
    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    var title: String
    var unit: String
    var series: [ReportSeries]
    /// The sample count of the capture: the x axis runs 1…samples.
    var samples: Int
    var width = 760.0
    var height = 260.0
    /// Points are marked (and each has a tooltip) up to this many per series.
    var markerLimit = 60

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    private let left = 74.0, right = 16.0, top = 14.0, bottom = 34.0

    func render() -> String {
        let values = series.flatMap { $0.points.map(\.value) }
        guard let lo0 = values.min(), let hi0 = values.max() else { return "" }
        let (lo, hi, step) = Self.axis(lo0, hi0)
        let xMax = Swift.max(Double(samples), series.flatMap { $0.points.map(\.sample) }.max() ?? 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ s: Double) -> Double { xMax <= 1 ? left + plotW / 2 : left + (s - 1) / (xMax - 1) * plotW }
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * plotH }
        let c = HTMLText.coordinate
        let label = HTMLText.escape(title + " (" + unit + ")")

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" role=\"img\" aria-label=\"\(label)\">"
        svg += "<title>\(label)</title>"
        // Value gridlines and labels.
        var v = lo
        while v <= hi + step / 2 {
            svg += "<line class=\"grid\" x1=\"\(c(left))\" x2=\"\(c(width - right))\" y1=\"\(c(y(v)))\" y2=\"\(c(y(v)))\"/>"
            svg += "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(y(v) + 4))\" text-anchor=\"end\">\(HTMLText.number(v, places: 2))</text>"
            v += step
        }
        // Sample axis.
        svg += "<line class=\"axis\" x1=\"\(c(left))\" x2=\"\(c(width - right))\" y1=\"\(c(top + plotH))\" y2=\"\(c(top + plotH))\"/>"
        for s in Self.sampleTicks(Int(xMax.rounded())) {
            svg += "<text class=\"tick\" x=\"\(c(x(Double(s))))\" y=\"\(c(top + plotH + 16))\" text-anchor=\"middle\">\(s)</text>"
        }
        svg += "<text class=\"axis-label\" x=\"\(c(left + plotW / 2))\" y=\"\(c(height - 3))\" text-anchor=\"middle\">sample</text>"
        svg += "<text class=\"axis-label\" x=\"12\" y=\"\(c(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 12 \(c(top + plotH / 2)))\">\(HTMLText.escape(unit))</text>"

        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let name = HTMLText.escape(s.name)
            let points = s.points.map { "\(c(x($0.sample))),\(c(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" data-series=\"\(name)\" fill=\"none\" stroke=\"\(Self.color(i))\" stroke-width=\"2\" stroke-linejoin=\"round\" points=\"\(points)\"><title>\(name) (\(HTMLText.escape(s.unit)))</title></polyline>"
            if s.points.count <= markerLimit {
                for p in s.points {
                    svg += "<circle cx=\"\(c(x(p.sample)))\" cy=\"\(c(y(p.value)))\" r=\"3\" fill=\"\(Self.color(i))\"><title>\(name), sample \(HTMLText.number(p.sample)): \(HTMLText.number(p.value)) \(HTMLText.escape(s.unit))</title></circle>"
                }
            }
        }
        return svg + "</svg>"
    }

    /// Axis bounds on round numbers and the gridline step (about four intervals).
    static func axis(_ lo: Double, _ hi: Double) -> (Double, Double, Double) {
        var lo = lo, hi = hi
        if hi - lo < 1e-9 {
            let pad = Swift.max(1, abs(hi) * 0.05)
            lo -= pad
            hi += pad
        }
        let raw = (hi - lo) / 4
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? magnitude * 10
        let a = (lo / step).rounded(.down) * step
        let b = (hi / step).rounded(.up) * step
        return (a, b, step)
    }

    /// Up to eight sample numbers on round steps, always including the first and the last.
    static func sampleTicks(_ n: Int) -> [Int] {
        guard n > 1 else { return [1] }
        let steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000]
        let step = steps.first { (n - 1) / $0 <= 7 } ?? Swift.max(1, n / 7)
        var ticks = [1]
        var t = step
        while t < n {
            if t > 1, Double(n - t) >= Double(step) * 0.4 { ticks.append(t) }
            t += step
        }
        ticks.append(n)
        return ticks
    }
}
