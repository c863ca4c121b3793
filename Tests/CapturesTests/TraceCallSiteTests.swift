import Testing
@testable import Captures

@Suite struct TraceCallSiteTests {
    @Test func allocCallsCaptureTwoSamples() throws {
        let dumps = SlabCallSiteParser.dumps(in: try TraceFixtures.text("callsites/alloc-calls-capture.txt"))
        #expect(dumps.count == 6)
        let first = dumps[0]
        #expect(first.cache == "mi_sys_bufhandle_cachep" && first.kind == .alloc && first.headerLine == 2)
        #expect(first.sites.count == 2)
        let ring = first.sites[0]
        #expect(ring.count == 24)
        #expect(ring.site?.function == "mi_sys_ringpool_AppendTailContentTailRecord")
        #expect(ring.site?.module == "mi_sys" && ring.site?.offset == 0x176 && ring.site?.size == 0x2cc)
        #expect(ring.printed == "mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys]")
        #expect(ring.ageMin == 120 && ring.ageAvg == 5000 && ring.ageMax == 9900)
        #expect(ring.pidMin == 648 && ring.pidMax == 648 && ring.cpus == "0")
        #expect(first.sites[1].ageMin == 99000 && first.sites[1].ageMax == 99000)
        let kmalloc = dumps[1]
        #expect(kmalloc.cache == "kmalloc-64")
        #expect(kmalloc.sites[0].pidMin == 1 && kmalloc.sites[0].pidMax == 648)
        #expect(kmalloc.sites[1].site == nil && kmalloc.sites[1].printed == "<not-available>")
        #expect(dumps[2].kind == .free && dumps[2].sites.isEmpty) // "No data"

        let grown = CallSiteComparison.grown(in: dumps)
        #expect(grown.count == 2)
        #expect(grown[0].site == "mi_sys_ringpool_AppendTailContentTailRecord+0x176/0x2cc [mi_sys]")
        #expect(grown[0].before == 24 && grown[0].after == 346 && grown[0].delta == 322)
        #expect(grown[0].cache == "mi_sys_bufhandle_cachep")
        #expect(grown[1].site == "__kernfs_new_node+0x4d/0x1a4" && grown[1].delta == 1)
    }

    @Test func debugfsTracesWithStacks() throws {
        let text = "cat /sys/kernel/debug/slab/kmalloc-128/free_traces\n" + (try TraceFixtures.text("callsites/free-traces-doc.txt"))
        let dumps = SlabCallSiteParser.dumps(in: text)
        #expect(dumps.count == 1)
        #expect(dumps[0].cache == "kmalloc-128" && dumps[0].kind == .free)
        let site = try #require(dumps[0].sites.first)
        #expect(site.count == 51)
        #expect(site.site?.function == "acpi_ut_update_ref_count")
        #expect(site.ageMin == 236886 && site.ageAvg == 237027 && site.ageMax == 237772 && site.pidMin == 1 && site.cpus == "1")
        #expect(site.stack.count == 8)
        #expect(site.stack.first?.function == "kfree" && site.stack.last?.function == "acpi_pci_irq_lookup")
        // Same site with another stack is another site.
        var other = site
        other.stack.removeLast()
        #expect(other.signature != site.signature)
        let waste = SlabCallSiteParser.site(TraceLineParser.parse("   1024 kmalloc_trace+0x26/0x90 waste=8192/8 age=1/2/3 pid=1-5 cpus=0-3 nodes=0", lineNumber: 1))
        #expect(waste?.wasteTotal == 8192 && waste?.wasteEach == 8 && waste?.nodes == "0" && waste?.cpus == "0-3")
    }

    @Test func notCallSites() {
        for line in ["Mem: 44792 40148 4644 12 272", "   12 foo+0x1/0x2", "12 <not-available> pid=1", "abc age=1"] {
            #expect(SlabCallSiteParser.site(TraceLineParser.parse(line, lineNumber: 1)) == nil)
        }
    }

    @Test func kmemleakObjects() throws {
        let objects = KmemleakParser.objects(in: try TraceFixtures.text("callsites/kmemleak-reports.txt"))
        #expect(objects.count == 4)
        let jffs2 = objects[0]
        #expect(jffs2.address == 0xffff888105a65340 && jffs2.size == 64)
        #expect(jffs2.comm == "mount" && jffs2.pid == 710 && jffs2.jiffies == 4302851558 && jffs2.ageSeconds == 58.239)
        #expect(jffs2.backtrace.map { $0.function ?? "" } == ["kmem_cache_alloc_trace", "jffs2_sum_init", "jffs2_do_mount_fs",
                                                             "jffs2_do_fill_super", "jffs2_fill_super"])
        #expect(jffs2.backtrace[1].address == 0xffffffff86160146)
        #expect(jffs2.allocator?.function == "jffs2_sum_init")
        let xe = objects[1]
        #expect(xe.comm == "systemd-udevd" && xe.size == 512)
        #expect(xe.backtrace.count == 7)
        #expect(xe.allocator?.function == "__set_power_wells" && xe.allocator?.module == "xe")
        let syz = objects[2]
        #expect(syz.size == 200704)
        #expect(syz.backtrace.map { $0.function ?? "" } == ["__vmalloc_node_range", "vmalloc", "zr364xx_probe"])
        #expect(syz.allocator?.function == "zr364xx_probe")
        #expect(objects[3].comm == "bash" && objects[3].backtrace.count == 4)
    }

    @Test func kmemleakGrowth() throws {
        let all = KmemleakParser.objects(in: try TraceFixtures.text("callsites/kmemleak-reports.txt"))
        let before = [all[0]]
        let after = [all[0], all[1], all[1], all[3]]
        let grown = CallSiteComparison.grown(before: before, after: after)
        #expect(grown.count == 2)
        #expect(grown[0].site == "__set_power_wells+0xc3/0x360 [xe]")
        #expect(grown[0].before == 0 && grown[0].after == 2 && grown[0].isNew)
        #expect(grown[0].bytesAfter == 1024)
        #expect(grown[1].site == "tracing_log_err+0x277/0x2e0")
        #expect(CallSiteComparison.grown(before: after, after: before).isEmpty)
    }
}
