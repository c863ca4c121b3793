extension Int64 {
    /// `self + other`, pinned at .max/.min: numbers in a log are the board's text, and two that
    /// each fit may not fit summed (as `SlabCache.bytes` saturates).
    func saturatingAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self × other`, pinned at .max/.min.
    func saturatingMultiplied(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }
}
