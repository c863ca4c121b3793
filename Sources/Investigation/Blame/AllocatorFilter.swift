/// Decides which frames of a backtrace are the allocator, and so where the allocation site is.
///
/// - `print_trace` (user) stacks: the library that printed the trace is the allocator (its
///   `print_trace` and `MI_SYS_MMA_Alloc` frames), i.e. the leading frames of the first
///   frame's module.
/// - kernel stacks (kmemleak, `alloc_traces`): the slab/page allocator functions
///   (`kmem_cache_alloc`, `__kmalloc`, …).
/// - and any function named with `--allocator` (e.g. a project's own `my_malloc` wrapper),
///   matched against the printed name and the resolved one. When the resolved innermost
///   function is an allocator inlined into its caller, the site is that caller's line in the
///   same frame.
public struct AllocatorFilter: Sendable {
    public var names: Set<String>

    public init(names: [String] = []) {
        self.names = Set(names.map(Self.bare))
    }

    /// Kernel allocator entry points and internals (compiler suffixes dropped before matching).
    static let kernelAllocators: Set<String> = [
        "kmem_cache_alloc", "kmem_cache_alloc_noprof", "kmem_cache_alloc_trace", "kmem_cache_alloc_node",
        "kmem_cache_alloc_node_trace", "kmem_cache_alloc_lru", "kmem_cache_alloc_lru_noprof",
        "kmem_cache_alloc_node_noprof", "__kmem_cache_alloc_node", "kmem_cache_alloc_bulk", "kmem_cache_zalloc",
        "__kmalloc", "__kmalloc_noprof", "__kmalloc_node", "__kmalloc_node_noprof", "__kmalloc_track_caller",
        "__kmalloc_node_track_caller", "__kmalloc_node_track_caller_noprof", "__kmalloc_cache_noprof",
        "__kmalloc_cache_node_noprof", "__kmalloc_large_node", "__kmalloc_large_noprof", "kmalloc", "kmalloc_trace",
        "kmalloc_trace_noprof", "kmalloc_large", "kmalloc_order", "kmalloc_order_trace", "kmalloc_node", "kzalloc",
        "kcalloc", "krealloc", "kmemdup", "kstrdup", "kstrndup", "__kvmalloc_node", "kvmalloc_node",
        "__kvmalloc_node_noprof", "kvmalloc", "kvzalloc", "slab_alloc", "slab_alloc_node", "__slab_alloc",
        "___slab_alloc", "new_slab", "allocate_slab", "alloc_slab_page", "slab_post_alloc_hook",
        "kmemleak_alloc", "kmemleak_alloc_recursive", "set_track", "set_track_prepare", "__alloc_pages",
        "__alloc_pages_noprof", "__alloc_pages_nodemask", "alloc_pages", "alloc_pages_noprof", "alloc_pages_current",
        "__get_free_pages", "get_zeroed_page", "__vmalloc", "__vmalloc_node", "__vmalloc_node_range", "vmalloc",
        "vzalloc", "__vmalloc_area_node", "____cache_alloc", "cache_alloc_refill", "__do_cache_alloc",
        "kmem_cache_alloc_trace_noprof", "__kmem_cache_alloc_lru",
    ]

    /// The site of a stack (innermost first), or nil for an empty one.
    public func site(in frames: [BlameFrame]) -> AllocationSite? {
        guard let first = frames.first else { return nil }
        let printer = first.frame.kind == .user ? first.frame.module : nil
        for candidate in frames {
            if let printer, candidate.frame.kind == .user, candidate.frame.module == printer { continue }
            if first.frame.kind == .kernel, candidate.frame.kind == .kernel, isKernelAllocator(candidate) { continue }
            if let site = peel(candidate) { return site }
        }
        // Everything looked like the allocator (the library allocates for itself, or the names
        // cover the whole stack): the first frame no name matches, else the outermost.
        for candidate in frames { if let site = peel(candidate) { return site } }
        return Self.site(of: frames[frames.count - 1], chain: frames[frames.count - 1].chain)
    }

    /// The frame as a site after dropping allocator functions from the innermost end of its
    /// inline chain; nil when the frame is all allocator.
    func peel(_ frame: BlameFrame) -> AllocationSite? {
        if let printed = frame.frame.function, matches(printed) { return nil }
        var chain = frame.chain[...]
        while let innermost = chain.first, matches(innermost.function) { chain = chain.dropFirst() }
        if !frame.chain.isEmpty, chain.isEmpty { return nil }
        return Self.site(of: frame, chain: Array(chain), peeled: chain.count != frame.chain.count)
    }

    func matches(_ function: String) -> Bool {
        !names.isEmpty && names.contains(Self.bare(function))
    }

    private func isKernelAllocator(_ frame: BlameFrame) -> Bool {
        guard let name = frame.frame.function ?? frame.chain.last?.function else { return false }
        return Self.kernelAllocators.contains(Self.bare(name))
    }

    static func site(of frame: BlameFrame, chain: [BlameLocation], peeled: Bool = false) -> AllocationSite {
        guard let innermost = chain.first else {
            return AllocationSite(module: frame.moduleName, location: nil, raw: frame.rawText)
        }
        // fullPath is the innermost file's; after peeling it may name another file.
        let path = !peeled || innermost.file == frame.chain.first?.file ? frame.fullPath : nil
        return AllocationSite(module: frame.moduleName, location: innermost, inlinedBy: Array(chain.dropFirst()),
                              raw: frame.rawText, fullPath: path)
    }

    /// `md_alloc(int)` → `md_alloc`, `dump_header.constprop.0` → `dump_header`,
    /// `ns::f(int) const` → `ns::f`.
    static func bare(_ name: String) -> String {
        var text = Substring(name)
        if let paren = text.firstIndex(of: "(") { text = text[..<paren] }
        if let dot = text.firstIndex(of: "."), dot != text.startIndex { text = text[..<dot] }
        return String(text)
    }
}
