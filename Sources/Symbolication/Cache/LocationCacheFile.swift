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
        parse(bytes: Array(text.utf8))
    }

    /// Works on bytes: a warm run reads thousands of lines, and Character-level splitting
    /// cost more than everything else the warm run does (perf, benchmark 2b).
    public static func parse(bytes: [UInt8]) -> LocationCacheFile? {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    private static func parse(buffer b: UnsafeBufferPointer<UInt8>) -> LocationCacheFile? {
        guard b.last == 0x0A else { return nil }  // a cut-off file does not end in a newline
        var file: LocationCacheFile?
        var header: [String] = []
        let names = ["build-id", "size", "mtime", "gdb", "mode"]
        var fields: [Range<Int>] = []
        var lineStart = 0
        var index = 0
        var lineNumber = 0
        var recent = RecentTexts()
        while index < b.count {
            guard b[index] == 0x0A else { index += 1; continue }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = lineStart
            for i in lineStart..<index where b[i] == 0x09 {
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            }
            fields.append(fieldStart..<index)
            lineStart = index + 1
            index += 1
            defer { lineNumber += 1 }
            if lineNumber == 0 {
                guard fields.count == 2, text(b, fields[0]) == magic, text(b, fields[1]) == version else { return nil }
                continue
            }
            if lineNumber < headerLines {
                guard fields.count == 2, text(b, fields[0]) == names[lineNumber - 1],
                      let value = text(b, fields[1]) else { return nil }
                header.append(value)
                if lineNumber == headerLines - 1 {
                    guard let size = UInt64(header[1]), let mtime = Int64(header[2]) else { return nil }
                    file = LocationCacheFile(identity: Identity(buildID: header[0].isEmpty ? nil : header[0], size: size,
                                                                mtimeNanoseconds: mtime),
                                             gdb: header[3], mode: header[4])
                    // One entry per remaining line: size the table once.
                    file!.entries.reserveCapacity(b.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
                }
                continue
            }
            guard fields.count >= 2, let key = parseKey(b, fields[0]) else { return nil }
            let kind = fields[1]
            if kind.count == 1 && b[kind.lowerBound] == UInt8(ascii: "U") && fields.count == 2 {
                file!.entries[key] = .unknown
                continue
            }
            guard kind.count == 1, b[kind.lowerBound] == UInt8(ascii: "L"),
                  fields.count >= 7, (fields.count - 4) % 3 == 0, fields[2].count == 1 else { return nil }
            let minimal = b[fields[2].lowerBound]
            guard minimal == UInt8(ascii: "0") || minimal == UInt8(ascii: "1"),
                  let fullPath = recent.text(b, fields[3]) else { return nil }
            var levels: [SourceLocation] = []
            levels.reserveCapacity((fields.count - 4) / 3)
            for start in stride(from: 4, to: fields.count, by: 3) {
                guard let function = text(b, fields[start]), !function.isEmpty,
                      let sourceFile = recent.text(b, fields[start + 1]) else { return nil }
                var number: Int?
                if !fields[start + 2].isEmpty {
                    guard let value = decimal(b, fields[start + 2]) else { return nil }
                    number = value
                }
                levels.append(SourceLocation(function: function, file: sourceFile.isEmpty ? nil : sourceFile, line: number))
            }
            file!.entries[key] = .found(AddressLocation(innermost: levels[0], inlinedBy: Array(levels.dropFirst()),
                                                        fullPath: fullPath.isEmpty ? nil : fullPath,
                                                        fromMinimalSymbol: minimal == UInt8(ascii: "1")))
        }
        return file
    }

    /// The last few file paths read: entries of one source file repeat its paths line after
    /// line, and one String shared by all of them costs less than a String made per entry.
    private struct RecentTexts {
        private var entries: [(bytes: [UInt8], text: String)] = []
        private var next = 0

        mutating func text(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
            let slice = UnsafeBufferPointer(rebasing: b[range])
            for entry in entries where entry.bytes.count == slice.count {
                if entry.bytes.elementsEqual(slice) { return entry.text }
            }
            guard let made = LocationCacheFile.text(b, range) else { return nil }
            if entries.count < 4 {
                entries.append((Array(slice), made))
            } else {
                entries[next] = (Array(slice), made)
                next = (next + 1) % 4
            }
            return made
        }
    }

    /// A field as text: escapes undone, strict UTF-8 (nil for invalid bytes or escapes).
    fileprivate static func text(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String? {
        let slice = UnsafeBufferPointer(rebasing: b[range])
        guard slice.contains(UInt8(ascii: "\\")) else { return String(validating: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            let byte = slice[i]
            i += 1
            guard byte == UInt8(ascii: "\\") else { out.append(byte); continue }
            guard i < slice.count else { return nil }
            switch slice[i] {
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            default: return nil
            }
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func decimal(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for i in range {
            let digit = Int(b[i]) - 0x30
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func hex(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        guard !range.isEmpty, range.count <= 16 else { return nil }
        var value: UInt64 = 0
        for i in range {
            let byte = b[i]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            case 0x41...0x46: digit = byte - 0x41 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    static func keyText(_ key: Key) -> String {
        let offset = String(key.offset, radix: 16)
        return key.section.map { "s\($0)+\(offset)" } ?? offset
    }

    private static func parseKey(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Key? {
        guard !range.isEmpty else { return nil }
        guard b[range.lowerBound] == UInt8(ascii: "s") else { return hex(b, range).map { Key(offset: $0) } }
        guard let plus = range.first(where: { b[$0] == UInt8(ascii: "+") }),
              let section = decimal(b, (range.lowerBound + 1)..<plus),
              let offset = hex(b, (plus + 1)..<range.upperBound) else { return nil }
        return Key(section: section, offset: offset)
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
}
