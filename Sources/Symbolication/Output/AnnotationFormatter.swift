/// The lines printed under a frame in `symbolize` text output, e.g.
///
///     /lib/libMD_LINUX.so(+0x794) [0xb6c05794]
///         -> md_alloc_luma at md.c:17
///            inlined into md_process at md.c:42
///
/// An unresolved frame says why; warnings follow with `!`.
public struct AnnotationFormatter: Sendable {
    public var indent: String
    public var colour: Bool

    public init(indent: String = "    ", colour: Bool = false) {
        self.indent = indent
        self.colour = colour
    }

    public func lines(for frame: ResolvedFrame) -> [String] {
        var out: [String] = []
        if let location = frame.location {
            out.append(indent + "-> " + paint(location.innermost.text, code: "32"))
            for level in location.inlinedBy {
                out.append(indent + "   inlined into " + level.text)
            }
            if location.fromMinimalSymbol {
                out.append(indent + "   (no debug info: ELF symbol only)")
            }
        } else {
            out.append(indent + "-> " + paint("unresolved: " + (frame.reason ?? "unknown"), code: "33"))
        }
        for warning in frame.warnings {
            out.append(indent + "!  " + warning)
        }
        return out
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
