/// Pairs frees with allocations by address. Allocators reuse addresses, so order matters: a
/// free pairs with the most recent allocation of that address that is still outstanding.
public struct AllocationLedger: Sendable {
    /// Address → ids of its outstanding allocations, oldest first.
    private var open: [String: [Int]] = [:]
    /// Frees of addresses with nothing outstanding (allocated before the log began, or a
    /// double free).
    public private(set) var unmatchedFrees = 0

    public init() {}

    public mutating func allocate(_ address: String, id: Int) {
        open[address, default: []].append(id)
    }

    /// The id of the allocation this free releases, or nil when nothing at that address is
    /// outstanding.
    @discardableResult
    public mutating func free(_ address: String) -> Int? {
        guard var ids = open[address], let id = ids.popLast() else {
            unmatchedFrees += 1
            return nil
        }
        open[address] = ids.isEmpty ? nil : ids
        return id
    }

    /// Ids still outstanding, in no particular order.
    public var outstanding: [Int] { open.values.flatMap { $0 } }
}
