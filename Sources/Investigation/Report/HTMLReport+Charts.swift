extension HTMLReport {
    /// Memory over the samples, `free` over the samples, and the caches that grew.
    static func charts(_ r: InvestigationReport) -> String {
        var parts: [String] = []
        if r.memorySeries.contains(where: { !$0.points.isEmpty }) {
            parts.append(chart(id: "chart-meminfo", title: "/proc/meminfo over the samples", unit: "kB", series: r.memorySeries, samples: r.samples))
        }
        if r.freeSeries.contains(where: { !$0.points.isEmpty }) {
            parts.append(chart(id: "chart-free", title: "free (Mem: line) over the samples", unit: "KiB", series: r.freeSeries, samples: r.samples))
        }
        if r.cacheSeries.contains(where: { !$0.points.isEmpty }) {
            parts.append(chart(id: "chart-caches", title: "Slab caches that grew most", unit: "KiB", series: r.cacheSeries, samples: r.samples))
        }
        guard !parts.isEmpty else { return "" }
        return "<section id=\"charts\"><h2>Charts</h2>" + parts.joined() + "</section>\n"
    }

    static func chart(id: String, title: String, unit: String, series: [ReportSeries], samples: Int) -> String {
        let svg = SVGLineChart(title: title, unit: unit, series: series, samples: samples).render()
        var s = "<figure id=\"\(id)\"><figcaption>\(e(title))</figcaption>\(svg)<ul class=\"legend\">"
        for (i, line) in series.enumerated() where !line.points.isEmpty {
            let first = line.points.first!.value, last = line.points.last!.value
            let delta = last - first
            s += "<li><span class=\"swatch\" style=\"background:\(SVGLineChart.color(i))\"></span><b>\(e(line.name))</b> "
            s += "\(HTMLText.number(first)) → \(HTMLText.number(last)) \(e(line.unit)) "
            s += "<span class=\"\(delta > 0 ? "up" : delta < 0 ? "down" : "flat")\">(\(delta > 0 ? "+" : "")\(HTMLText.number(delta)))</span></li>"
        }
        return s + "</ul></figure>"
    }
}
