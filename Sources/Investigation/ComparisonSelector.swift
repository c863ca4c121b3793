import Captures

/// Picks, while samples stream by, what `compare` needs and nothing more: the first and the
/// last dump of each kind (or those of the samples asked for), so a log of any size is compared
/// in constant memory.
public struct ComparisonSelector: Sendable {
    /// 1-based sample numbers; nil means first (for `from`) or last (for `to`).
    public let from: Int?
    public let to: Int?
    public private(set) var first = ComparisonSide()
    public private(set) var last = ComparisonSide()
    public private(set) var samples = 0

    public init(from: Int? = nil, to: Int? = nil) {
        self.from = from
        self.to = to
    }

    public mutating func add(_ sample: CaptureSample) {
        samples += 1
        let number = samples
        if from.map({ $0 == number }) ?? true { take(sample, number, into: &first, onlyIfEmpty: from == nil) }
        if to.map({ $0 == number }) ?? true { take(sample, number, into: &last, onlyIfEmpty: false) }
    }

    private func take(_ s: CaptureSample, _ number: Int, into side: inout ComparisonSide, onlyIfEmpty: Bool) {
        if let m = s.meminfo, !(onlyIfEmpty && side.meminfo != nil) {
            side.meminfo = m; side.meminfoSample = number
        }
        if let sl = s.slabinfo, !(onlyIfEmpty && side.slabinfo != nil) {
            side.slabinfo = sl; side.slabinfoSample = number
        }
        if !s.heaps.isEmpty, !(onlyIfEmpty && !side.heaps.isEmpty) {
            side.heaps = s.heaps; side.heapSample = number
        }
    }
}
