import ArgumentParser
import Captures
import Foundation
import Symbolication

/// `slabhound locate`: one location typed by hand → function, file:line, inline chain, source.
struct LocateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "locate",
        abstract: "Show the source of a location: lib.so+0xOFF, FUNC+0xOFF[/0xSIZE] [MODULE], or 0xADDR.",
        discussion: """
        Like `info line *ADDR` and `list *ADDR` in gdb, for a module that sits at its own address. \
        Offsets are return addresses by default (the call's line is shown); use --pc for an \
        exact instruction address. FUNC+0xOFF without [MODULE] is looked up in vmlinux unless \
        --module names a user-space file.
        """
    )

    @OptionGroup var symbols: SymbolOptions

    @Option(help: ArgumentHelp("The file a bare 0xADDR or FUNC+0xOFF belongs to (e.g. libMD_LINUX.so).", valueName: "name"))
    var module: String?

    @Option(help: ArgumentHelp("Load base of --module, to turn 0xADDR into an offset.", valueName: "0xaddr"))
    var base: String?

    @Flag(help: "The location is the instruction itself (a PC), not a return address.")
    var pc = false

    @Option(name: .customLong("context"), help: "Source lines shown on each side.")
    var contextLines: Int = 3

    @Option(name: .customLong("source-map"), help: ArgumentHelp(
        "Rewrite a source path prefix, like gdb's substitute-path (repeatable).", valueName: "from=to"))
    var sourceMaps: [String] = []

    @Flag(help: "Print JSON: {\"frames\": [...]} as symbolize does.")
    var json = false

    @Argument(parsing: .remaining, help: "Locations; `[mod]` may be a separate word.")
    var locations: [String] = []

    func validate() throws {
        if locations.isEmpty { throw ValidationError("give at least one location, e.g. libMD_LINUX.so+0x5ac") }
        if let base, Self.hex(base) == nil { throw ValidationError("--base \(base): not a hex address") }
        for map in sourceMaps where SourceFileLocator.mapping(map) == nil { throw ValidationError("--source-map \(map): expected FROM=TO") }
    }

    static func hex(_ text: String) -> UInt64? {
        UInt64(text.hasPrefix("0x") ? String(text.dropFirst(2)) : text, radix: 16)
    }

    /// `func+0x10/0x20 [mod]` may arrive as two words; glue a lone `[mod]` to the word before.
    var joinedLocations: [String] {
        var out: [String] = []
        for word in locations {
            if word.hasPrefix("["), let last = out.popLast() { out.append(last + " " + word) } else { out.append(word) }
        }
        return out
    }

    func run() async throws {
        let diagnostics = Diagnostics()
        var frames: [TraceFrame] = []
        for text in joinedLocations {
            do {
                var frame = try LocationSpec.frame(from: text, module: module, base: base.flatMap(Self.hex))
                frame.isProgramCounter = pc
                frame.inputLine = frames.count + 1
                frames.append(frame)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        let symbolizer = try await SymbolizationStarter.start(symbols, diagnostics: diagnostics)
        let resolved = await symbolizer.resolve(frames)
        await SymbolizationStarter.finish(symbolizer)

        if json {
            print(try JSONText.encode(SymbolizeJSON(frames: resolved.map(FrameJSON.init), mode: nil)))
        } else {
            let formatter = AnnotationFormatter(indent: "  ", colour: TerminalStyle.useColour)
            let reader = SourceExcerpt(locator: SourceFileLocator(maps: sourceMaps.compactMap(SourceFileLocator.mapping)))
            for frame in resolved {
                print(frame.frame.printed)
                formatter.lines(for: frame).forEach { print($0) }
                if let location = frame.location {
                    for line in reader.excerpt(for: location, context: contextLines) { print("    " + line) }
                }
            }
        }
        if resolved.contains(where: { !$0.isResolved }) { throw ExitCode(1) }
    }
}
