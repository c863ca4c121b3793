import Foundation
import Testing
@testable import Investigation
import Captures

/// The checklist walked step by step on recorded data: the seed's path (slab → mi_sys_* caches →
/// MMA owner → user-space backtraces) and the kernel-only path (slab → kmalloc-128 →
/// alloc_calls → kernel call site).
@Suite struct GuideChecklistTests {
    static let guideFixtures = InvestigationFixture.recorded.appendingPathComponent("guide")
    static let traces = InvestigationFixture.here.deletingLastPathComponent()
        .appendingPathComponent("CapturesTests/Fixtures/traces")

    /// Samples of several files, one after another, as `capture --append` keeps them.
    static func session(_ paths: [String]) throws -> ([CaptureSample], [GuideEvidence.Segment]) {
        var samples: [CaptureSample] = []
        var segments: [GuideEvidence.Segment] = []
        for path in paths {
            let start = samples.count
            for var s in try CaptureFile.capture(path: path).samples where !s.isEmpty {
                s.index = samples.count
                samples.append(s)
            }
            segments.append(.init(name: path, range: start..<samples.count))
        }
        return (samples, segments)
    }

    static func statuses(_ c: GuideChecklist) -> [GuideStep.Status] { c.steps.map(\.status) }

    @Test func emptySessionAsksForACapture() {
        let c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: []))
        #expect(Self.statuses(c) == [.pending, .pending, .pending, .pending, .pending])
        #expect(c.current == 0)
        #expect(c.steps[0].next?.contains("slabhound collector") == true)
        #expect(c.steps[0].next?.contains("capture LOG") == true)
        #expect(c.route == .undecided)
    }

    @Test func seedPathStepByStep() throws {
        let free = InvestigationFixture.seedPath("seed-free-series.txt")
        let snapshots = ["seed-snapshot-start.txt", "seed-snapshot-leak.txt"].map(InvestigationFixture.seedPath)
        let heaps = ["mma-heap-start.txt", "mma-heap-leak.txt"].map(InvestigationFixture.seedPath)

        // Step 0 from the `free` series alone: leaking; nothing to compare yet.
        var (samples, segments) = try Self.session([free])
        var c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples, segments: segments))
        #expect(Self.statuses(c) == [.done, .pending, .pending, .pending, .pending])
        #expect(c.steps[0].evidence.hasPrefix("Leaking over 27 samples"))
        #expect(c.steps[1].next?.contains("/proc/meminfo") == true)
        #expect(c.current == 1)

        // + the two snapshots: slab, the three mi_sys caches; the rules send us to the MMA heap.
        (samples, segments) = try Self.session([free] + snapshots)
        c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples, segments: segments))
        #expect(Self.statuses(c) == [.done, .done, .done, .pending, .pending])
        // The free series still decides step 0 (the whole session mixes two runs).
        #expect(c.steps[0].evidence.contains("seed-free-series.txt, samples 1–27"))
        #expect(c.steps[1].evidence.hasPrefix("slab:"))
        #expect(c.steps[1].evidence.contains("SUnreclaim +15844 kB"))
        for cache in ["g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "mi_sys_bufhandle_cachep"] {
            #expect(c.steps[2].evidence.contains(cache))
        }
        #expect(c.route == .heapOwner)
        // The heap file comes from the rules table's text for mi_sys_* caches.
        #expect(c.steps[3].next?.contains("slabhound collector --heap /proc/mi_modules/mi_sys_mma/mma_heap_name0") == true)
        #expect(c.current == 3)

        // + the heap dumps: app-mmaAlloc gained chunks; step 4 asks for backtraces in its allocator.
        (samples, segments) = try Self.session([free] + snapshots + heaps)
        c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples, segments: segments))
        #expect(Self.statuses(c) == [.done, .done, .done, .done, .pending])
        #expect(c.steps[3].evidence == "mma_heap_name0: app-mmaAlloc 2 → 7 chunks (+998400 bytes)")
        #expect(c.steps[4].evidence == "no allocation backtraces in the session")
        #expect(c.steps[4].next?.contains("MI_SYS_MMA_Alloc") == true)
        #expect(c.current == 4)

        // + the seed's own print_trace blocks: sites, not located (no symbols).
        var e = GuideEvidence.analyse(samples: samples, segments: segments)
        let log = AllocationLogScanner.scan(text: try String(contentsOf: Self.traces.appendingPathComponent("seed-print-trace.txt"), encoding: .utf8))
        let blocks = log.blocks.filter { $0.source == .printTrace }
        #expect(!blocks.isEmpty)
        let report = BlameReport.build(log: log, frames: log.blocks.map { $0.frames.map { BlameFrame(frame: $0) } },
                                       filter: AllocatorFilter())
        e.backtraces = blocks.count
        e.allocationSites = report.rows.map { GuideSite(site: $0.site.raw, location: nil, count: $0.allocations, source: .printTrace) }
        c = GuideChecklist.evaluate(e)
        #expect(c.steps[4].status == .pending)
        #expect(c.steps[4].evidence.contains("\(blocks.count) backtraces, \(report.rows.count) site"))
        #expect(c.steps[4].evidence.contains("none located yet"))
        // The allocator library (libmi_sys.so, which printed the trace) is skipped: the site is in libMD_LINUX.so.
        #expect(c.steps[4].next?.contains("libMD_LINUX.so") == true)
        #expect(c.steps[4].next?.contains("load DIR") == true)

        // Located (what gdb gives for the first site): the last step is done.
        e.symbolPaths = ["/rootfs"]
        e.allocationSites[0].location = "md_alloc_luma at user/md.c:28"
        c = GuideChecklist.evaluate(e)
        #expect(Self.statuses(c) == [.done, .done, .done, .done, .done])
        #expect(c.current == nil)
        #expect(c.steps[4].evidence.contains("md_alloc_luma at user/md.c:28"))
        #expect(c.summary.contains("all steps answered"))
    }

    @Test func kernelOnlyPathStepByStep() throws {
        let capture = Self.guideFixtures.appendingPathComponent("kernel-kmalloc-capture.txt").path
        var (samples, _) = try Self.session([capture])
        #expect(samples.count == 12)

        // Without alloc_calls: kmalloc-128, no heap owner, the rules table's slub_debug advice.
        let stripped = samples.map { s -> CaptureSample in var s = s; s.allocCalls = [:]; return s }
        var c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: stripped))
        #expect(Self.statuses(c) == [.done, .done, .done, .notApplicable, .pending])
        #expect(c.route == .kernelCallSites)
        #expect(c.steps[0].evidence.hasPrefix("Leaking over 12 samples"))
        #expect(c.steps[2].evidence.hasPrefix("kmalloc-128 +5280 KiB"))
        let next = try #require(c.steps[4].next)
        #expect(next.contains("slub_debug=U,kmalloc-128"))
        #expect(next.contains("slabhound collector --slab-calls kmalloc-128"))

        // One alloc_calls dump: nothing grew yet, read it again.
        var once = stripped
        once[0].allocCalls = samples[0].allocCalls
        c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: once))
        #expect(c.steps[4].evidence == "alloc_calls of kmalloc-128 read once: no growth to see yet")

        // Every dump: the one growing site (40 → 13240 objects), the flat one left out.
        let e0 = GuideEvidence.analyse(samples: samples)
        #expect(e0.callSiteGrowth.count == 1)
        let growth = try #require(e0.callSiteGrowth.first)
        #expect(growth.site == "_MI_VENC_ProcShowOutInfo+0x14/0x2a [mi_venc]")
        #expect(growth.before == 40 && growth.after == 13240)
        var e = e0
        e.callSites = e.callSiteGrowth.map { GuideSite(site: $0.site, location: nil, count: $0.delta, source: .allocCalls, cache: $0.cache) }
        c = GuideChecklist.evaluate(e)
        #expect(c.steps[4].status == .pending)
        #expect(c.steps[4].next?.contains("mi_venc.ko") == true)
        // Symbols loaded but not tried yet, then tried without a match: different advice.
        e.symbolPaths = ["/build/modules"]
        #expect(GuideChecklist.evaluate(e).steps[4].next == "symbols are loaded: run `guide` to locate the sites with gdb")
        e.sitesLookedUp = true
        #expect(GuideChecklist.evaluate(e).steps[4].next?.contains("did not locate them") == true)

        // Located to the .ko's source line: done.
        e.callSites[0].location = "_MI_VENC_ProcShowOutInfo at kernel/mi_venc/mi_venc.c:38"
        samples = []
        c = GuideChecklist.evaluate(e)
        #expect(Self.statuses(c) == [.done, .done, .done, .notApplicable, .done])
        #expect(c.steps[4].evidence.contains("+13200 objects of kmalloc-128"))
    }

    @Test func otherCachesFollowTheRulesTable() throws {
        // The real capture where a tmpfs grew shmem_inode_cache: no heap, no alloc_calls; the
        // rule's own next step is the way on.
        let (samples, _) = try Self.session([InvestigationFixture.recordedPath("grown.txt")])
        let c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples))
        #expect(c.route == .rule)
        #expect(c.steps[3].status == .notApplicable)
        let rule = try #require(LeakRules.default.rule(forCache: "shmem_inode_cache"))
        #expect(c.steps[4].next == rule.nextStep)
    }

    @Test func anonymousMemoryGoesToUserSpaceBacktraces() throws {
        // The seed's first snapshot, and the same with 20 MB more AnonPages and 20 MB less available.
        let text = try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-start.txt"))
        let later = text.replacingOccurrences(of: "AnonPages: 1668 kB", with: "AnonPages: 22148 kB")
            .replacingOccurrences(of: "MemAvailable: 19716 kB", with: "MemAvailable: 236 kB")
            .replacingOccurrences(of: "MemFree: 7904 kB", with: "MemFree: 1424 kB")
        #expect(later != text)
        var samples = Capture.parse(text).samples + Capture.parse(later).samples
        for i in samples.indices { samples[i].index = i }
        let c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples))
        #expect(c.route == .userSpace)
        #expect(c.steps[1].evidence.hasPrefix("anon:"))
        #expect(c.steps[2].status == .notApplicable)
        #expect(c.steps[3].status == .notApplicable)
        #expect(c.steps[4].status == .pending)
        #expect(c.steps[4].next?.contains("backtrace") == true)
    }

    @Test func idleCaptureIsNotALeak() throws {
        let (samples, _) = try Self.session([InvestigationFixture.recordedPath("idle.txt")])
        let c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: samples))
        #expect(c.steps[0].status != .done || !c.steps[0].evidence.hasPrefix("Leaking"))
        // Nothing grew: the later questions do not arise, and the summary says so.
        #expect(c.steps[1].evidence.hasPrefix("none:") || c.steps[0].evidence.hasPrefix("stable"), "\(c.summary)")
        #expect(c.steps[2...].allSatisfy { $0.status == .notApplicable }, "\(c.summary)")
        #expect(c.summary.contains("no leak found"), "\(c.summary)")
    }

    @Test func jsonShape() throws {
        let c = GuideChecklist.evaluate(GuideEvidence.analyse(samples: []))
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as? [String: Any]
        let steps = try #require(object?["steps"] as? [[String: Any]])
        #expect(steps.count == 5)
        #expect(Set(steps[0].keys) == ["step", "question", "status", "evidence", "next"])
        #expect(object?["route"] as? String == "undecided")
        #expect(object?["current"] as? Int == 0)
    }
}
