import Foundation

// Reading "what failed" off an OOM call trace. Function names are matched without compiler
// suffixes (`.constprop.12`, `.isra.7`, `.cold`, `.part.0`), so one table serves 3.x to 6.x.

extension OOMDiagnosis {
    /// Frames that are the OOM machinery itself (printing the report, choosing a victim).
    static let machinery: Set<String> = [
        "unwind_backtrace", "dump_backtrace", "show_stack", "dump_stack", "dump_stack_lvl", "dump_header",
        "oom_kill_process", "out_of_memory", "warn_alloc", "__alloc_pages_may_oom", "pagefault_out_of_memory",
        "mem_cgroup_out_of_memory", "mem_cgroup_oom", "try_charge", "try_charge_memcg", "mem_cgroup_try_charge",
        "mem_cgroup_try_charge_delay", "__mem_cgroup_charge", "charge_memcg", "mem_cgroup_charge",
        "obj_cgroup_charge", "obj_cgroup_charge_account", "obj_cgroup_charge_pages", "__memcg_kmem_charge_page",
        "__memcg_slab_post_alloc_hook", "memcg_slab_post_alloc_hook", "__memcg_kmem_charge", "obj_cgroup_charge_zswap",
    ]

    /// The page allocator.
    static let pageAllocator: Set<String> = [
        "__alloc_pages_slowpath", "__alloc_pages_nodemask", "__alloc_pages", "__alloc_pages_noprof", "alloc_pages",
        "alloc_pages_noprof", "alloc_pages_current", "alloc_pages_vma", "alloc_pages_mpol", "alloc_pages_mpol_noprof",
        "__folio_alloc", "__folio_alloc_noprof", "folio_alloc", "folio_alloc_noprof", "vma_alloc_folio",
        "vma_alloc_folio_noprof", "__get_free_pages", "__get_free_pages_noprof", "get_zeroed_page",
        "get_zeroed_page_noprof", "alloc_pages_node", "__alloc_pages_node", "alloc_pages_exact", "__page_cache_alloc",
        "__vmalloc_area_node", "__vmalloc_node_range", "__vmalloc_node", "vmalloc", "vzalloc", "__vmalloc",
        "__vmalloc_node_range_noprof", "vm_area_alloc_pages", "alloc_pages_bulk_array_mempolicy",
    ]

    /// The slab allocators (SLUB and SLAB) and their kmalloc front ends.
    static let slabAllocator: Set<String> = [
        "new_slab", "allocate_slab", "___slab_alloc", "__slab_alloc", "slab_alloc", "slab_alloc_node",
        "kmem_cache_alloc", "kmem_cache_alloc_noprof", "kmem_cache_alloc_trace", "kmem_cache_alloc_node",
        "kmem_cache_alloc_node_trace", "kmem_cache_alloc_lru", "kmem_cache_alloc_lru_noprof",
        "kmem_cache_alloc_node_noprof", "__kmem_cache_alloc_node", "kmem_cache_alloc_bulk", "__kmalloc",
        "__kmalloc_noprof", "__kmalloc_node", "__kmalloc_node_noprof", "__kmalloc_track_caller",
        "__kmalloc_node_track_caller", "__kmalloc_node_track_caller_noprof", "__kmalloc_cache_noprof",
        "__kmalloc_large_node", "__kmalloc_large_noprof", "kmalloc", "kmalloc_trace", "kmalloc_trace_noprof",
        "kmalloc_large", "kmalloc_order", "kmalloc_order_trace", "kmalloc_node", "kzalloc", "krealloc",
        "kmemdup", "kstrdup", "__kvmalloc_node", "kvmalloc_node", "__kvmalloc_node_noprof", "cache_grow",
        "cache_grow_begin", "cache_alloc_refill", "____cache_alloc", "__do_cache_alloc", "slab_alloc_node",
        "kmem_getpages", "fallback_alloc", "____cache_alloc_node", "alloc_slab_page",
    ]

    /// A user page fault (the task touched memory that had no page yet).
    static let pageFault: Set<String> = [
        "handle_mm_fault", "__handle_mm_fault", "handle_pte_fault", "do_page_fault", "__do_page_fault",
        "do_anonymous_page", "do_fault", "__do_fault", "filemap_fault", "do_read_fault", "do_cow_fault",
        "do_wp_page", "wp_page_copy", "do_DataAbort", "do_PrefetchAbort", "do_user_addr_fault", "exc_page_fault",
        "do_translation_fault", "do_mem_abort", "el0_da", "do_swap_page", "__xfs_filemap_fault", "filemap_map_pages",
    ]

    /// `___slab_alloc.constprop.12` → `___slab_alloc`.
    static func baseName(_ function: String) -> String {
        guard let dot = function.firstIndex(of: ".") else { return function }
        return String(function[..<dot])
    }

    static func describe(_ frame: TraceFrame) -> String {
        let name = frame.function ?? frame.printed
        return frame.module.map { "\(name) [\($0)]" } ?? name
    }

    /// Diagnoses a parsed report from its call trace, gfp and the slab table.
    static func diagnose(_ report: OOMReport) -> OOMDiagnosis {
        let names = report.callTrace.map { $0.function.map(baseName) ?? "" }
        let orderText = report.order.map { "order-\($0) " } ?? ""
        let gfp = report.gfpFlags.isEmpty ? (report.gfpMask.map { " (gfp_mask=\($0))" } ?? "") : " (\(report.gfpFlags.joined(separator: "|")))"

        // The caller: the first frame past the allocator/machinery frames (innermost first).
        var callerIndex: Int?
        var sawAllocator = false
        for (i, name) in names.enumerated() {
            let known = machinery.contains(name) || pageAllocator.contains(name) || slabAllocator.contains(name)
            if slabAllocator.contains(name) || pageAllocator.contains(name) { sawAllocator = true }
            if !known, sawAllocator, report.callTrace[i].reliable { callerIndex = i; break }
        }
        let caller = callerIndex.map { describe(report.callTrace[$0]) }
        // Allocator path, outermost first: "kmem_cache_alloc → ___slab_alloc → new_slab".
        let path = names.enumerated().filter { i, n in
            (slabAllocator.contains(n) || pageAllocator.contains(n)) && (callerIndex.map { i < $0 } ?? true)
        }.map { report.callTrace[$0.offset].function ?? $0.element }.reversed()
        let via = path.isEmpty ? "" : " through \(path.prefix(4).joined(separator: " → "))"
        let topSlab = report.unreclaimableSlab.max { $0.usedKiB < $1.usedKiB }
        let slabNote = topSlab.map { " The largest unreclaimable cache in the report is \($0.cache) (\($0.usedKiB) KiB used)." } ?? ""
        let unreclaimable = report.memInfo["slab_unreclaimable"].map { " slab_unreclaimable was \($0) pages." } ?? ""

        let reliableNames = zip(names, report.callTrace).filter { $0.1.reliable }.map(\.0)
        if reliableNames.contains(where: { $0 == "mem_cgroup_out_of_memory" || $0 == "mem_cgroup_oom" }) {
            return OOMDiagnosis(
                kind: .memoryCgroup,
                summary: "The memory cgroup of \(report.task) reached its limit while charging an \(orderText)allocation\(gfp)\(caller.map { " by \($0)" } ?? "").",
                caller: caller,
                nextStep: "This is a cgroup limit, not a system-wide shortage: read the cgroup's memory.max, memory.current and memory.stat, and the task table of the report for the largest member.")
        }
        if names.contains(where: { slabAllocator.contains($0) }) {
            let module = callerIndex.flatMap { report.callTrace[$0].module }
            return OOMDiagnosis(
                kind: .slabAllocation,
                summary: "An \(orderText)slab allocation\(gfp) by \(caller ?? "an unidentified caller")\(via) could not get pages: a slab cache needed a new slab and no free block of that order was left.\(unreclaimable)\(slabNote)",
                caller: caller,
                nextStep: "Compare /proc/slabinfo from before the leak and near the OOM (`slabhound compare`) to find the cache that grew; boot with slub_debug=U and read /sys/kernel/slab/<cache>/alloc_calls for its call sites\(module.map { "; symbolize the trace with --symbols pointing at \($0).ko" } ?? "").")
        }
        if names.contains(where: { pageFault.contains($0) }) {
            return OOMDiagnosis(
                kind: .userPageFault,
                summary: "\(report.task) faulted in a page (anonymous memory or page cache)\(via) and no page was free: the memory is held elsewhere.\(unreclaimable)\(slabNote)",
                caller: caller,
                nextStep: "Decide who holds the memory: `slabhound compare` on meminfo captures — Slab/SUnreclaim growth means a kernel-side leak, AnonPages growth a user-space one (the report's task table names the largest RSS); MMA/CMA heaps have their own dumps.")
        }
        if names.contains(where: { pageAllocator.contains($0) }) {
            return OOMDiagnosis(
                kind: .pageAllocation,
                summary: "An \(orderText)page allocation\(gfp) by \(caller ?? "an unidentified caller")\(via) failed.\(unreclaimable)",
                caller: caller,
                nextStep: "Look for memory no counter explains (`slabhound compare` verdict `unaccounted`: pages taken by drivers directly)\((report.order ?? 0) > 0 ? "; an order above 0 can also fail from fragmentation: compare /proc/buddyinfo" : "").")
        }
        return OOMDiagnosis(
            kind: .unknown,
            summary: report.callTrace.isEmpty
                ? "The report has no call trace (truncated?): what failed cannot be read from it."
                : names.allSatisfy({ machinery.contains($0) })
                    ? "The call trace stops inside the OOM killer's own frames (truncated?): the allocation that failed is not in the text."
                    : "No allocator frame was recognised in the call trace.",
            caller: caller,
            nextStep: "Compare meminfo and slabinfo captures taken before and near the OOM (`slabhound trend`, `slabhound compare`).")
    }
}
