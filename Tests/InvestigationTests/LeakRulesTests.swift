import Testing
import Foundation
@testable import Investigation

@Suite struct LeakRulesTests {
    @Test func defaultTableParsesAndCoversEveryKind() {
        let rules = LeakRules.default
        for kind in Comparison.Kind.allCases { #expect(rules.rule(for: kind) != nil) }
        #expect(rules.rule(forCache: "mi_sys_bufhandle_cachep")?.nextStep.contains("mma_heap_name0") == true)
        #expect(rules.rule(forCache: "kmalloc-64")?.nextStep.contains("alloc_calls") == true)
        #expect(rules.rule(forCache: "kmalloc-rcl-64")?.pattern == "kmalloc-rcl-*")
        #expect(rules.rule(forCache: "ext4_inode_cache")?.pattern == "*inode_cache")
        #expect(rules.rule(forCache: "no_such_cache")?.pattern == "*")
    }

    @Test func globMatching() {
        #expect(LeakRules.glob("mi_sys_*", matches: "mi_sys_"))
        #expect(LeakRules.glob("*inode_cache", matches: "shmem_inode_cache"))
        #expect(!LeakRules.glob("*inode_cache", matches: "inode_cache_x"))
        #expect(LeakRules.glob("kmalloc-??", matches: "kmalloc-64"))
        #expect(!LeakRules.glob("kmalloc-??", matches: "kmalloc-128"))
        #expect(LeakRules.glob("a*b*c", matches: "aXXbYYbc"))
    }

    @Test func userTableReplacesTheDefault() throws {
        let json = #"{"caches": [{"pattern": "shmem_*", "meaning": "m", "next_step": "look in /run"}], "kinds": {}}"#
        let rules = try LeakRules.parse(Data(json.utf8))
        #expect(rules.rule(forCache: "shmem_inode_cache")?.nextStep == "look in /run")
        #expect(rules.rule(forCache: "dentry") == nil)
        #expect(throws: InvestigationError.self) { try LeakRules.parse(Data("{".utf8)) }
    }
}
