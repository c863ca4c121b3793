import Foundation
import Testing
@testable import Symbolication

/// The header-only read of e_machine that picks the gdb, against the full parse of the same files.
@Suite struct ELFMachinesTests {
    @Test("the header gives the machine ELFFile reads, for 32- and 64-bit files",
          arguments: ["rootfs/lib/libMD_LINUX.so", "kernel/mi_sys.ko", "kernel-x86_64/vmlinux", "kernel-arm64/vmlinux"])
    func sameMachineAsELFFile(_ path: String) throws {
        let url = try ExampleFixtures.url(path)
        #expect(ELFMachines.machine(of: url) == (try ELFFile(contentsOf: url)).machine)
    }

    @Test func notELFOrTooShortIsNil() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("elf-machines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let real = try Data(contentsOf: ExampleFixtures.url("rootfs/lib/libmi_sys.so"))
        let cases = ["script.sh": Data("#!/bin/sh\n".utf8), "short.so": real.prefix(20), "empty": Data()]
        for (name, data) in cases { try data.write(to: directory.appendingPathComponent(name)) }
        for name in cases.keys { #expect(ELFMachines.machine(of: directory.appendingPathComponent(name)) == nil, "\(name)") }
        #expect(ELFMachines.machine(of: directory.appendingPathComponent("missing")) == nil)
        #expect(ELFMachines.of(cases.keys.map { directory.appendingPathComponent($0) } + [try ExampleFixtures.url("rootfs/lib/libmi_sys.so")]) == [40])
    }
}
