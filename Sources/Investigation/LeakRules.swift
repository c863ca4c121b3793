import Foundation

/// The editable table that says what a growing cache means and what to do next, and the next
/// step for each kind of memory. It is data (JSON): the default is `DefaultLeakRules.json`,
/// and `--rules FILE` replaces it.
public struct LeakRules: Sendable, Equatable, Codable {
    public struct CacheRule: Sendable, Equatable, Codable {
        /// Glob on the cache name: `*` any run of characters, `?` one character.
        public var pattern: String
        public var meaning: String
        public var nextStep: String

        enum CodingKeys: String, CodingKey {
            case pattern, meaning
            case nextStep = "next_step"
        }
    }

    public struct KindRule: Sendable, Equatable, Codable {
        public var meaning: String
        public var nextStep: String

        enum CodingKeys: String, CodingKey {
            case meaning
            case nextStep = "next_step"
        }
    }

    /// First match wins.
    public var caches: [CacheRule]
    /// Keyed by `Comparison.Kind` raw values (`slab`, `anon`, `page-cache`, …).
    public var kinds: [String: KindRule]

    public init(caches: [CacheRule], kinds: [String: KindRule]) {
        self.caches = caches
        self.kinds = kinds
    }

    public static func parse(_ data: Data) throws -> LeakRules {
        do {
            return try JSONDecoder().decode(LeakRules.self, from: data)
        } catch {
            throw InvestigationError.badRules(String(describing: error))
        }
    }

    public static let `default`: LeakRules = {
        // The literal is checked by the tests; a broken default is a programming error.
        try! parse(Data(DefaultLeakRules.json.utf8))
    }()

    public func rule(forCache name: String) -> CacheRule? {
        caches.first { Self.glob($0.pattern, matches: name) }
    }

    public func rule(for kind: Comparison.Kind) -> KindRule? { kinds[kind.rawValue] }

    /// Iterative glob with backtracking over `*` (no recursion, linear in practice).
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern.utf8), s = Array(name.utf8)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == s[si] {
                pi += 1; si += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
