import Testing
@testable import Captures

/// slabinfo, free and meminfo in the layouts the kernel and procps/busybox print (rows composed
/// with the kernel's own printf formats, values chosen so every column is distinct).
@Suite struct SnapshotFormatsTests {
    @Test func slabinfo20HeaderLiesAboutTunablesOrder() throws {
        // 2.6-era SLAB: the header says <batchcount> <limit> but the kernel prints limit first.
        let text = """
        slabinfo - version: 2.0
        # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <batchcount> <limit> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
        unix_sock            201    210    384   10    1 : tunables   54   27    8 : slabdata     21     21      3
        dentry_cache       12011  12402    144   26    1 : tunables  120   60    8 : slabdata    477    477      0
        """
        let slab = try #require(Capture.parse(text).samples.first?.slabinfo)
        #expect(slab.version == "2.0")
        #expect(slab.allocator == .slab)
        let unix = slab.rows[0]
        #expect(unix.name == "unix_sock")
        #expect([unix.activeObjs, unix.numObjs, unix.objSize, unix.objPerSlab, unix.pagesPerSlab] == [201, 210, 384, 10, 1])
        #expect(unix.limit == 54)
        #expect(unix.batchCount == 27)
        #expect(unix.sharedFactor == 8)
        #expect([unix.activeSlabs, unix.numSlabs, unix.sharedAvail] == [21, 21, 3])
        #expect(slab.rows[1].limit == 120)
        #expect(slab.rows[1].batchCount == 60)
    }

    @Test func slabStatisticsVariantKeepsTheSlabdataColumns() throws {
        let text = """
        slabinfo - version: 2.1 (statistics)
        # name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail> : globalstat <listallocs> <maxobjs> <grown> <reaped> <error> <maxfreeable> <nodeallocs> <remotefrees> <alienoverflow> : cpustat <allochit> <allocmiss> <freehit> <freemiss>
        nfs_write_data        36     40    816    5    1 : tunables   32   16    0 : slabdata      8      9      0 : globalstat      44     40     8    0    0    0   37    0    0 : cpustat     37      9     10      0
        """
        let row = try #require(Capture.parse(text).samples.first?.slabinfo?.rows.first)
        #expect(row.name == "nfs_write_data")
        #expect(row.numSlabs == 9)
        #expect(row.activeSlabs == 8)
        #expect(row.bytes(pageSize: 4096) == 9 * 4096)
    }

    @Test func slabinfo11FromLinux24() throws {
        let text = """
        slabinfo - version: 1.1 (SMP)
        kmem_cache            80     80    244    5    5    1 :  252  126
        dentry_cache        4223   4230    128  140  141    1 :  252  126
        """
        let slab = try #require(Capture.parse(text).samples.first?.slabinfo)
        #expect(slab.rows.map(\.name) == ["kmem_cache", "dentry_cache"])
        #expect(slab.rows[1].numObjs == 4230)
        #expect(slab.rows[1].activeSlabs == 140)
        #expect(slab.rows[1].numSlabs == 141)
        #expect(slab.rows[1].pagesPerSlab == 1)
        #expect(slab.rows[1].limit == 252)
    }

    @Test func slabRowsWithoutHeaderStillParse() throws {
        // A dump whose first lines were lost: rows alone are still a slabinfo.
        let text = "shmem_inode_cache  20160  20160    752   21    4 : tunables    0    0    0 : slabdata    960    960      0\n"
        let slab = try #require(Capture.parse(text).samples.first?.slabinfo)
        #expect(slab.version == nil)
        let expected: Int64 = 960 * 4 * 4096
        #expect(slab.rows.first?.bytes() == expected)
        #expect(slab.allocator == .slub)
    }

    @Test func procpsOldFreeWithBuffersCacheLine() throws {
        let text = """
                     total       used       free     shared    buffers     cached
        Mem:       2058944    1920128     138816          7     197272    1215500
        -/+ buffers/cache:     507356    1551588
        Swap:      4128760         11    4128749
        """
        let f = try #require(Capture.parse(text).samples.first?.free)
        #expect([f.total, f.used, f.free] == [2058944, 1920128, 138816])
        #expect(f.shared == 7)
        #expect(f.buffers == 197272)
        #expect(f.cached == 1215500)
        #expect(f.available == nil)
        #expect(f.adjustedUsed == 507356)
        #expect(f.adjustedFree == 1551588)
        #expect(f.availableEstimate == 1551588)
        #expect([f.swapTotal, f.swapUsed, f.swapFree] == [4128760, 11, 4128749])
    }

    @Test func currentProcpsFree() throws {
        let text = """
                       total        used        free      shared  buff/cache   available
        Mem:        24684092      346872    23920528        8856      667328    24337220
        Swap:              0           0           0
        """
        let f = try #require(Capture.parse(text).samples.first?.free)
        #expect(f.buffCache == 667328)
        #expect(f.available == 24337220)
        #expect(f.availableEstimate == 24337220)
        #expect(f.buffers == nil)
    }

    @Test func freeInHumanUnitsIsSkippedNotGuessed() throws {
        let text = """
                       total        used        free      shared  buff/cache   available
        Mem:            23Gi       338Mi        22Gi       8.6Mi       651Mi        23Gi
        """
        let capture = Capture.parse(text)
        #expect(capture.samples.isEmpty)
        #expect(capture.skippedCounts[.malformedFree] == 1)
    }

    @Test func meminfoKeepsCountsApartFromKilobytes() throws {
        let text = """
        MemTotal:       24684092 kB
        HugePages_Total:       3
        Hugepagesize:       2048 kB
        """
        let m = try #require(Capture.parse(text).samples.first?.meminfo)
        #expect(m.fields.map(\.inKB) == [true, false, true])
        #expect(m["HugePages_Total"] == 3)
    }

    @Test func lineThatOnlyLooksLikeMeminfoIsNotOne() throws {
        let capture = Capture.parse("Speed: 100\nPID: 12\n")
        #expect(capture.samples.isEmpty)
        #expect(capture.skippedCounts[.unrecognized] == 2)
    }
}

/// The one-pass reader of common slabinfo rows and the general tokenizing path agree on every
/// row of the seed (a tab after the name sends a row down the general path).
@Suite struct SnapshotSlabRowPathsTests {
    @Test func fastAndGeneralPathsGiveTheSameRows() throws {
        let text = try SnapshotFixture.text("seed-snapshot-leak.txt")
        let rows = text.split(separator: "\n").filter { $0.contains(": slabdata") && !$0.hasPrefix("tunables") }
        #expect(rows.count > 100)
        let fast = Capture.parse(rows.joined(separator: "\n")).samples.first?.slabinfo?.rows
        let general = Capture.parse(rows.map { $0.replacingOccurrences(of: " ", with: "\t", options: [], range: $0.range(of: " ")) }
            .joined(separator: "\n")).samples.first?.slabinfo?.rows
        #expect(fast != nil)
        #expect(fast == general)
        #expect(fast?.count == rows.count)
    }
}
