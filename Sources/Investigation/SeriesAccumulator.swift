/// One series (a meminfo field, a cache's KiB, …) read sample by sample in bounded memory:
/// exact first/last/min/max and exact sums for the fit quality, plus at most `capacity` points
/// for the robust fit — when full, neighbouring points are averaged in pairs, so a week-long log
/// costs the same as a short one.
struct SeriesAccumulator: Sendable {
    struct Point: Sendable {
        var x: Double      // sample index
        var t: Double?     // hours (nil without timestamps)
        var y: Double
        var weight: Int
    }

    static let capacity = 128

    let name: String
    let unit: String
    private(set) var count = 0
    private(set) var first = 0.0
    private(set) var last = 0.0
    private(set) var min = Double.infinity
    private(set) var max = -Double.infinity
    /// Points are averaged over `width` consecutive values.
    private(set) var points: [Point] = []
    private var width = 1
    private var pending: Point?
    private(set) var allTimed = true
    // Exact sums of shifted values (x − x0, y − y0): r² over every raw value without keeping them.
    private var x0 = 0.0, y0 = 0.0
    private var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0

    init(name: String, unit: String) {
        self.name = name
        self.unit = unit
    }

    mutating func add(x: Double, hours: Double?, y: Double) {
        if count == 0 { first = y; x0 = x; y0 = y }
        count += 1
        last = y
        if y < min { min = y }
        if y > max { max = y }
        if hours == nil { allTimed = false }
        let dx = x - x0, dy = y - y0
        sx += dx; sy += dy; sxx += dx * dx; syy += dy * dy; sxy += dx * dy

        var p = pending ?? Point(x: 0, t: 0, y: 0, weight: 0)
        p.x += x
        p.y += y
        if let hours, let t = p.t { p.t = t + hours } else { p.t = nil }
        p.weight += 1
        if p.weight == width {
            points.append(Point(x: p.x / Double(width), t: p.t.map { $0 / Double(width) }, y: p.y / Double(width), weight: width))
            pending = nil
            if points.count == Self.capacity { halve() }
        } else {
            pending = p
        }
    }

    private mutating func halve() {
        var merged: [Point] = []
        merged.reserveCapacity(Self.capacity)
        var i = 0
        while i + 1 < points.count {
            let a = points[i], b = points[i + 1]
            let t: Double? = a.t.flatMap { at in b.t.map { (at + $0) / 2 } }
            merged.append(Point(x: (a.x + b.x) / 2, t: t, y: (a.y + b.y) / 2, weight: a.weight + b.weight))
            i += 2
        }
        points = merged
        width *= 2
    }

    /// The points used for fitting, including a partly filled last one.
    var fitPoints: [Point] {
        guard let p = pending, p.weight > 0 else { return points }
        let w = Double(p.weight)
        return points + [Point(x: p.x / w, t: p.t.map { $0 / w }, y: p.y / w, weight: p.weight)]
    }

    /// r² of the line y = a + b·x over every value added (0 when the series is flat).
    func r2(slope b: Double, intercept a: Double) -> Double {
        let n = Double(count)
        guard n >= 2 else { return 0 }
        let ssTot = syy - sy * sy / n
        guard ssTot > 1e-9 else { return 0 }
        // Shift the line into the same coordinates as the sums.
        let a0 = a + b * x0 - y0
        let ssRes = syy - 2 * a0 * sy - 2 * b * sxy + n * a0 * a0 + 2 * a0 * b * sx + b * b * sxx
        return Swift.max(0, Swift.min(1, 1 - ssRes / ssTot))
    }
}
