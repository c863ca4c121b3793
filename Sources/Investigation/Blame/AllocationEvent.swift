/// An allocation or free line of a log, as matched by `AllocationEventPattern`.
public struct AllocationEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case alloc, free }

    public var kind: Kind
    /// The `addr` group, normalised (`AllocationEvent.normalise`) so `0x0001F000` and
    /// `0x1f000` are one address.
    public var address: String
    /// The `size` group, when the pattern has one and it reads as a number.
    public var size: Int64?
    public var inputLine: Int

    public init(kind: Kind, address: String, size: Int64? = nil, inputLine: Int) {
        self.kind = kind
        self.address = address
        self.size = size
        self.inputLine = inputLine
    }

    /// Hex with or without `0x` (the usual `%p`/`%lx`) becomes lower-case hex without leading
    /// zeros; anything else is kept as printed (it is only compared, never computed with).
    public static func normalise(_ text: some StringProtocol) -> String {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return String(text) }
        let trimmed = digits.drop { $0 == "0" }
        return "0x" + (trimmed.isEmpty ? "0" : trimmed.lowercased())
    }

    /// Decimal, or hex with `0x`; nil for anything else (and for negative or absurd values).
    public static func number(_ text: some StringProtocol) -> Int64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return Int64(text.dropFirst(2), radix: 16) }
        guard let value = Int64(text), value >= 0 else { return nil }
        return value
    }
}
