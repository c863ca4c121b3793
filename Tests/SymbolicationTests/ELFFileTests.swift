import Foundation
import Testing
@testable import Symbolication

/// The ELF reader against binutils' readelf on the same real ARM files.
@Suite struct ELFFileTests {
    /// `readelf -Ws` rows: name → (value, size) for defined FUNC symbols.
    static func readelfFunctions(_ url: URL) throws -> [String: (UInt64, UInt64)] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["arm-linux-gnueabihf-readelf", "-Ws", url.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var result: [String: (UInt64, UInt64)] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 8, f[3] == "FUNC", f[6] != "UND", let value = UInt64(f[1], radix: 16),
                  let size = UInt64(f[2]) else { continue }
            let name = f[7].split(separator: "@").first.map(String.init) ?? ""
            result[name] = (value, size)
        }
        return result
    }

    @Test("symbols keep the Thumb bit and sizes readelf prints",
          arguments: ["rootfs/lib/libMD_LINUX.so", "rootfs/customer/mixer", "kernel/vmlinux", "kernel/mi_sys.ko"])
    func symbolsMatchReadelf(_ path: String) throws {
        let url = try ExampleFixtures.url(path)
        let elf = try ELFFile(contentsOf: url)
        #expect(elf.isARM)
        #expect(elf.hasDebugInfo)
        let reference = try Self.readelfFunctions(url)
        #expect(reference.count > 3)
        let ours = Dictionary(elf.symbols.filter(\.isFunction).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, (value, size)) in reference {
            let symbol = try #require(ours[name], "\(path): \(name)")
            #expect(symbol.value == value && symbol.size == size, "\(path): \(name)")
        }
        // Thumb-2 code: the examples' functions have an odd st_value (crt's _init/_fini are ARM).
        let odd = reference.values.filter { $0.0 & 1 == 1 }.count
        #expect(odd * 10 >= reference.count * 8, "\(odd) of \(reference.count) odd")
    }

    @Test func fileTypes() throws {
        #expect(try ELFFile(contentsOf: ExampleFixtures.url("kernel/mi_sys.ko")).fileType == .relocatable)
        #expect(try ELFFile(contentsOf: ExampleFixtures.url("kernel/vmlinux")).fileType == .executable)
        #expect(try ELFFile(contentsOf: ExampleFixtures.url("rootfs/lib/libmi_sys.so")).fileType == .sharedObject)
        let ko = try ELFFile(contentsOf: ExampleFixtures.url("kernel/mi_sys.ko"))
        // Several code sections, all at 0: the reason modules need their own ranges.
        let code = ko.sections.filter { $0.isAllocated && $0.isExecutable && $0.size > 0 }
        #expect(code.count >= 2 && code.allSatisfy { $0.address == 0 })
    }

    @Test("truncated and garbage files are errors, not crashes")
    func malformed() throws {
        let real = try Data(contentsOf: ExampleFixtures.url("rootfs/lib/libmi_sys.so"))
        for length in [0, 3, 16, 52, 200, real.count / 3, real.count - 1] {
            _ = try? ELFFile(bytes: real.prefix(length))  // must not trap
        }
        var corrupt = real
        // Point the section header table far past the end.
        corrupt.replaceSubrange(32..<36, with: [0xff, 0xff, 0xff, 0x7f])
        #expect(throws: ELFError.self) { try ELFFile(bytes: corrupt) }
        #expect(throws: ELFError.self) { try ELFFile(bytes: Data("#!/bin/sh\necho hi\n".utf8)) }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            var bytes = real.prefix(4096)
            for _ in 0..<32 { bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random) }
            _ = try? ELFFile(bytes: bytes)
        }
    }
}
