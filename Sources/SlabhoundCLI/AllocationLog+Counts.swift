import Investigation

extension AllocationLog {
    /// How many blocks came from `source` (`capture` and `guide` report print_trace blocks and
    /// kmemleak objects apart).
    func count(of source: AllocationBlock.Source) -> Int {
        blocks.lazy.filter { $0.source == source }.count
    }
}
