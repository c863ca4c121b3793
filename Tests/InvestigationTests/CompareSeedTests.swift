import Testing
import Foundation
@testable import Investigation
import Captures

/// "Done means": on the seed's snapshots, compare says slab and names the three mi_sys caches.
@Suite struct CompareSeedTests {
    func comparison() throws -> Comparison {
        let before = try CaptureFile.capture(path: InvestigationFixture.seedPath("seed-snapshot-start.txt"))
        let after = try CaptureFile.capture(path: InvestigationFixture.seedPath("seed-snapshot-leak.txt"))
        return Comparison.compute(before: ComparisonSide(try #require(before.samples.first)),
                                  after: ComparisonSide(try #require(after.samples.last)))
    }

    @Test func verdictIsSlabAndNamesTheThreeMiSysCaches() throws {
        let c = try comparison()
        #expect(c.verdict.kind == .slab)
        let top3 = Set(c.slabinfo.prefix(3).map(\.cache))
        #expect(top3 == ["mi_sys_bufhandle_cachep", "g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep"])
        for name in top3 { #expect(c.verdict.summary.contains(name)) }
        #expect(c.nextStep.contains("mma_heap_name0"))
        #expect(c.notes.first?.pattern.contains("mi_sys_") == true)
    }

    @Test func cacheDeltasAreSlabPagesTimesFourKiB() throws {
        let c = try comparison()
        let b = InvestigationFixture.slabPages(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-start.txt"))))
        let a = InvestigationFixture.slabPages(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-leak.txt"))))
        for name in ["mi_sys_bufhandle_cachep", "g_mi_sys_chunk_cachep", "mi_sys_mma_allocation_cachep", "kmalloc-64", "dentry"] {
            let row = try #require(c.slabinfo.first { $0.cache == name })
            #expect(row.beforeKiB == b[name]![0] * 4)
            #expect(row.afterKiB == a[name]![0] * 4)
            #expect(row.deltaKiB == (a[name]![0] - b[name]![0]) * 4)
        }
        // 12 → 173 slabs of 8 pages: +5152 KiB, as method.md reads it.
        let expected: Int64 = (173 - 12) * 8 * 4
        #expect(c.slabinfo.first { $0.cache == "mi_sys_bufhandle_cachep" }?.deltaKiB == expected)
        // The duplicated name is two rows.
        #expect(c.slabinfo.filter { $0.cache == "mi_sys_internal_inputtaskinfo_cachep" }.count == 2)
        // Sorted by bytes gained.
        #expect(c.slabinfo.map(\.deltaKiB) == c.slabinfo.map(\.deltaKiB).sorted(by: >))
    }

    @Test func meminfoDeltasAndSlabCheck() throws {
        let c = try comparison()
        let b = InvestigationFixture.meminfo(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-start.txt"))))
        let a = InvestigationFixture.meminfo(Substring(try InvestigationFixture.text(InvestigationFixture.seedPath("seed-snapshot-leak.txt"))))
        for field in ["MemFree", "MemAvailable", "Slab", "SReclaimable", "SUnreclaim", "AnonPages"] {
            let row = try #require(c.meminfo.first { $0.field == field })
            #expect(row.beforeKB == b[field])
            #expect(row.afterKB == a[field])
            #expect(row.deltaKB == a[field]! - b[field]!)
        }
        let check = try #require(c.slabCheck)
        #expect(check.meminfoSlabDeltaKB == a["Slab"]! - b["Slab"]!)
        #expect(check.cacheSumDeltaKiB == c.slabinfo.reduce(0) { $0 + $1.deltaKiB })
    }

    @Test func jsonHasExactlyTheIssueShape() throws {
        let data = try JSONEncoder().encode(try comparison())
        let obj = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(obj.keys) == ["verdict", "meminfo", "slabinfo", "heaps", "next_step"])
        let verdict = try #require(obj["verdict"] as? [String: Any])
        #expect(Set(verdict.keys) == ["kind", "summary"])
        #expect(verdict["kind"] as? String == "slab")
        let mem = try #require((obj["meminfo"] as? [[String: Any]])?.first)
        #expect(Set(mem.keys) == ["field", "before_kb", "after_kb", "delta_kb"])
        let slab = try #require((obj["slabinfo"] as? [[String: Any]])?.first)
        #expect(Set(slab.keys) == ["cache", "before_kib", "after_kib", "delta_kib", "before_objs", "after_objs"])
    }
}
