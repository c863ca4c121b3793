import Foundation

/// A symbol file placed in gdb's address space. Every module gets its own range so that two
/// `.ko` files (whose sections all start at 0) or two shared objects never shadow each other.
public struct LoadedModule: Sendable {
    public var key: ModuleKey
    public var url: URL
    public var elf: ELFFile
    /// Added to a link-time address (a shared object's vaddr) to get gdb's address.
    public var slide: UInt64
    /// For a relocatable `.ko`: the gdb address chosen for each allocated section, by index.
    public var sectionAddresses: [Int: UInt64]
    /// Functions by name (raw st_name, mangled); several when a static name repeats.
    public var functionsByName: [String: [ELFFile.Symbol]] { names.table }
    private let names: FunctionNameTable

    public init(key: ModuleKey, url: URL, elf: ELFFile, slide: UInt64, sectionAddresses: [Int: UInt64]) {
        self.key = key
        self.url = url
        self.elf = elf
        self.slide = slide
        self.sectionAddresses = sectionAddresses
        names = FunctionNameTable(elf.symbols)
    }

    public var isRelocatable: Bool { elf.fileType == .relocatable }

    /// The symbol named in a trace. When a static name repeats, the one whose size matches the
    /// kernel's `/size` wins.
    public func symbol(named name: String, size: UInt64?) -> ELFFile.Symbol? {
        guard let candidates = functionsByName[name], !candidates.isEmpty else { return nil }
        if let size, let match = candidates.first(where: { $0.size == size }) { return match }
        return candidates[0]
    }

    /// gdb's address of a symbol's start, as printed offsets count from it.
    ///
    /// Thumb: the core kernel's kallsyms values are even (bit 0 cleared), so `show_stack+0xb`
    /// counts from the even start; a module's and glibc's values keep bit 0, so their offsets
    /// count from the odd `st_value` (see design.md, "facts that bite").
    public func address(of symbol: ELFFile.Symbol) -> UInt64? {
        var value = symbol.value
        if key == .kernelCore && elf.isARM { value &= ~1 }
        if isRelocatable {
            guard let base = sectionAddresses[symbol.sectionIndex] else { return nil }
            return base &+ value
        }
        return value &+ slide
    }

    /// gdb's address for a link-time address of this file (a `(+0xoff)` offset, or runtime
    /// address minus load base).
    public func address(ofLinkAddress link: UInt64) -> UInt64 { link &+ slide }

    /// Where the module's bytes sit in gdb's space: one span for an executable or shared object
    /// (link address = gdb address − slide), one per placed section of a `.ko`. `base` is what
    /// an address in the span is measured from (slide, or the section's gdb address).
    public var gdbSpans: [GdbSpan] {
        if isRelocatable {
            return elf.sections.compactMap { section in
                sectionAddresses[section.index].map { GdbSpan(range: $0..<($0 &+ max(section.size, 1)), section: section.index, base: $0) }
            }
        }
        guard let range = gdbRange, range.upperBound < UInt64.max else { return [] }
        return [GdbSpan(range: range.lowerBound..<(range.upperBound + 1), section: nil, base: slide)]
    }

    public struct GdbSpan: Sendable {
        public var range: Range<UInt64>
        /// The section index for a `.ko`, nil for a whole file.
        public var section: Int?
        public var base: UInt64
    }

    /// The gdb range this module occupies.
    public var gdbRange: ClosedRange<UInt64>? {
        if isRelocatable {
            guard let low = sectionAddresses.values.min() else { return nil }
            let high = sectionAddresses.map { index, base in
                base + (elf.sections.first { $0.index == index }?.size ?? 0)
            }.max() ?? low
            return low...max(low, high)
        }
        guard let span = elf.addressSpan else { return nil }
        return (span.lowerBound &+ slide)...(span.upperBound &+ slide)
    }
}
