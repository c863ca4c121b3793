/// One module's persisted locations: what gdb answered for addresses of one symbol file, keyed
/// by the address inside the file (so a warm run does not depend on where the module was placed
/// in gdb), plus the identity of the file they were computed from.
///
/// The text format is line-based and versioned; `parse` is a pure function of the text and
/// answers nil for anything it does not fully understand (a corrupt or foreign file is a miss,
/// never a crash):
///
///     slabhound-locations<TAB>1
///     build-id<TAB>7f7c4f99…            (empty when the file has none)
///     size<TAB>12345
///     mtime<TAB>1795727813123456789      (nanoseconds)
///     gdb<TAB>/usr/bin/gdb-multiarch       (answers of another gdb are not reused)
///     mode<TAB>python helper (inline chains)
///     5ab<TAB>L<TAB>0<TAB>/abs/md.c<TAB>md_alloc_luma<TAB>user/md.c<TAB>28<TAB>md_alloc_planes<TAB>user/md.c<TAB>38
///     s2+3b<TAB>U                        (.ko: section index 2; U = gdb knew nothing)
///
/// Fields are escaped (`\\`, `\t`, `\n`); an empty file or line field means "none".
public struct LocationCacheFile: Sendable, Equatable {
    /// What the locations were computed from; a mismatch makes the file stale.
    public struct Identity: Sendable, Equatable, Hashable {
        public var buildID: String?
        public var size: UInt64
        /// Modification time in nanoseconds since the epoch.
        public var mtimeNanoseconds: Int64

        public init(buildID: String?, size: UInt64, mtimeNanoseconds: Int64) {
            self.buildID = buildID
            self.size = size
            self.mtimeNanoseconds = mtimeNanoseconds
        }
    }

    /// An address inside the symbol file: its link address, or for a relocatable `.ko` the
    /// section index and the offset in that section.
    public struct Key: Sendable, Hashable, Comparable {
        public var section: Int?
        public var offset: UInt64

        public init(section: Int? = nil, offset: UInt64) {
            self.section = section
            self.offset = offset
        }

        public static func < (a: Key, b: Key) -> Bool {
            (a.section ?? -1, a.offset) < (b.section ?? -1, b.offset)
        }
    }

    /// A cached answer: a location, or nil when gdb knew nothing about the address.
    public enum Entry: Sendable, Equatable {
        case found(AddressLocation)
        case unknown
    }

    static let magic = "slabhound-locations"
    static let version = "1"

    public var identity: Identity
    /// The gdb that answered (its path): another gdb may answer differently.
    public var gdb: String
    /// The backend's mode when it answered (python helper or pure MI).
    public var mode: String
    public var entries: [Key: Entry]

    public init(identity: Identity, gdb: String, mode: String, entries: [Key: Entry] = [:]) {
        self.identity = identity
        self.gdb = gdb
        self.mode = mode
        self.entries = entries
    }

    static let headerLines = 6
}

extension LocationCacheFile {
    public func serialized() -> String {
        var out = "\(Self.magic)\t\(Self.version)\n"
        out += "build-id\t\(Self.escape(identity.buildID ?? ""))\n"
        out += "size\t\(identity.size)\n"
        out += "mtime\t\(identity.mtimeNanoseconds)\n"
        out += "gdb\t\(Self.escape(gdb))\n"
        out += "mode\t\(Self.escape(mode))\n"
        for key in entries.keys.sorted() {
            var fields = [Self.keyText(key)]
            switch entries[key]! {
            case .unknown:
                fields.append("U")
            case .found(let location):
                fields += ["L", location.fromMinimalSymbol ? "1" : "0", Self.escape(location.fullPath ?? "")]
                for level in [location.innermost] + location.inlinedBy {
                    fields += [Self.escape(level.function), Self.escape(level.file ?? ""), level.line.map(String.init) ?? ""]
                }
            }
            out += fields.joined(separator: "\t") + "\n"
        }
        return out
    }

    /// The file's content, or nil when it is not a complete, well-formed cache file of this
    /// version.
    public static func parse(_ text: Substring) -> LocationCacheFile? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.last == "" else { return nil }  // a cut-off file does not end in a newline
        lines.removeLast()
        guard lines.count >= headerLines, lines[0] == "\(magic)\t\(version)" else { return nil }
        func header(_ line: Substring, _ name: String) -> Substring? {
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return parts.count == 2 && parts[0] == name ? parts[1] : nil
        }
        guard let buildID = header(lines[1], "build-id").flatMap(unescape),
              let size = header(lines[2], "size").flatMap({ UInt64($0) }),
              let mtime = header(lines[3], "mtime").flatMap({ Int64($0) }),
              let gdb = header(lines[4], "gdb").flatMap(unescape),
              let mode = header(lines[5], "mode").flatMap(unescape) else { return nil }
        var file = LocationCacheFile(identity: Identity(buildID: buildID.isEmpty ? nil : buildID, size: size,
                                                        mtimeNanoseconds: mtime), gdb: gdb, mode: mode)
        for line in lines.dropFirst(headerLines) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2, let key = parseKey(fields[0]) else { return nil }
            switch fields[1] {
            case "U" where fields.count == 2:
                file.entries[key] = .unknown
            case "L" where fields.count >= 7 && (fields.count - 4) % 3 == 0:
                guard fields[2] == "0" || fields[2] == "1", let fullPath = unescape(fields[3]) else { return nil }
                var levels: [SourceLocation] = []
                for start in stride(from: 4, to: fields.count, by: 3) {
                    guard let function = unescape(fields[start]), !function.isEmpty,
                          let sourceFile = unescape(fields[start + 1]) else { return nil }
                    let lineText = fields[start + 2]
                    let number = lineText.isEmpty ? nil : Int(lineText)
                    if !lineText.isEmpty && number == nil { return nil }
                    levels.append(SourceLocation(function: function, file: sourceFile.isEmpty ? nil : sourceFile,
                                                 line: number))
                }
                file.entries[key] = .found(AddressLocation(innermost: levels[0], inlinedBy: Array(levels.dropFirst()),
                                                           fullPath: fullPath.isEmpty ? nil : fullPath,
                                                           fromMinimalSymbol: fields[2] == "1"))
            default:
                return nil
            }
        }
        return file
    }

    static func keyText(_ key: Key) -> String {
        let offset = String(key.offset, radix: 16)
        return key.section.map { "s\($0)+\(offset)" } ?? offset
    }

    static func parseKey(_ text: Substring) -> Key? {
        if text.first == "s" {
            let parts = text.dropFirst().split(separator: "+", omittingEmptySubsequences: false)
            guard parts.count == 2, let section = Int(parts[0]), section >= 0,
                  let offset = UInt64(parts[1], radix: 16) else { return nil }
            return Key(section: section, offset: offset)
        }
        return UInt64(text, radix: 16).map { Key(offset: $0) }
    }

    /// Scalars, not Characters: "\r\n" is one Character and would slip past a Character test.
    static func escape(_ text: String) -> String {
        let special: (Unicode.Scalar) -> Bool = { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard text.unicodeScalars.contains(where: special) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func unescape(_ text: Substring) -> String? {
        guard text.unicodeScalars.contains("\\") else { return String(text) }
        var out = String.UnicodeScalarView()
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else { out.append(scalar); continue }
            switch iterator.next() {
            case "\\": out.append("\\")
            case "t": out.append("\t")
            case "n": out.append("\n")
            case "r": out.append("\r")
            default: return nil
            }
        }
        return String(out)
    }
}
