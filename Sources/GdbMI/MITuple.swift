/// The ordered `key=value` pairs of an MI tuple or result list. Duplicate keys are kept in
/// order: `-stack-list-frames` answers `stack=[frame={..},frame={..}]`.
public struct MITuple: Sendable, Equatable, RandomAccessCollection {
    public typealias Element = (key: String, value: MIValue)

    public var pairs: [Element]

    public init(_ pairs: [Element] = []) {
        self.pairs = pairs
    }

    public var startIndex: Int { pairs.startIndex }
    public var endIndex: Int { pairs.endIndex }
    public subscript(position: Int) -> Element { pairs[position] }

    /// First value under `key`.
    public subscript(key: String) -> MIValue? {
        pairs.first(where: { $0.key == key })?.value
    }

    /// Every value under `key`, in order.
    public func allValues(forKey key: String) -> [MIValue] {
        pairs.compactMap { $0.key == key ? $0.value : nil }
    }

    public var keys: [String] { pairs.map(\.key) }
    public var values: [MIValue] { pairs.map(\.value) }

    public static func == (lhs: MITuple, rhs: MITuple) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

extension MITuple: ExpressibleByDictionaryLiteral {
    /// `["value": .string(...)]` — order is kept, handy in tests.
    public init(dictionaryLiteral elements: (String, MIValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
