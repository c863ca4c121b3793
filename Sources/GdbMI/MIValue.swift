/// One value of the GDB/MI output grammar: `const | tuple | list`.
///
/// Strings are kept as raw bytes because MI c-strings carry octal escapes (`\377`) for any
/// byte, including invalid UTF-8 from a target's memory or a vendor's file names; decoding to
/// `String` is the reader's choice (`stringValue` is lossy).
public indirect enum MIValue: Sendable, Equatable {
    /// A c-string constant, escapes decoded to bytes.
    case string([UInt8])
    /// `{key=value,...}` — ordered, duplicate keys kept.
    case tuple(MITuple)
    /// `[value,...]` (also `[]`).
    case list([MIValue])
    /// `[key=value,...]` — a list whose elements are results, e.g. `body=[bkpt={...},bkpt={...}]`.
    case resultList(MITuple)
}

extension MIValue {
    /// The string constant decoded as UTF-8 (invalid sequences become U+FFFD); nil for
    /// tuples and lists.
    public var stringValue: String? {
        guard case .string(let bytes) = self else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The raw bytes of a string constant.
    public var bytesValue: [UInt8]? {
        guard case .string(let bytes) = self else { return nil }
        return bytes
    }

    /// The elements of a list. For a result list (`[frame={..},frame={..}]`) the values,
    /// keys dropped — what callers iterating `stack=[frame=...]` want.
    public var listValue: [MIValue]? {
        switch self {
        case .list(let values): return values
        case .resultList(let tuple): return tuple.values
        case .string, .tuple: return nil
        }
    }

    /// The pairs of a tuple or of a result list.
    public var tupleValue: MITuple? {
        switch self {
        case .tuple(let tuple), .resultList(let tuple): return tuple
        case .string, .list: return nil
        }
    }

    /// First value under `key` in a tuple or result list; nil otherwise.
    public subscript(key: String) -> MIValue? {
        tupleValue?[key]
    }

    /// Every value under `key`, in order (MI repeats keys, e.g. `frame=` in result lists).
    public func allValues(forKey key: String) -> [MIValue] {
        tupleValue?.allValues(forKey: key) ?? []
    }

    /// A string constant read as an integer: decimal, or hexadecimal with `0x`.
    /// Nil when it is not a string or not a number that fits.
    public var uint64Value: UInt64? {
        guard let text = stringValue else { return nil }
        return MIValue.parseUInt64(text)
    }

    /// A string constant read as a signed decimal integer.
    public var intValue: Int? {
        guard let text = stringValue else { return nil }
        return Int(text)
    }

    static func parseUInt64(_ text: String) -> UInt64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            return UInt64(text.dropFirst(2), radix: 16)
        }
        return UInt64(text)
    }
}

extension MIValue: ExpressibleByStringLiteral {
    /// `"i1"` as a string constant (its UTF-8 bytes) — convenient in tests and comparisons.
    public init(stringLiteral value: String) {
        self = .string(Array(value.utf8))
    }
}
