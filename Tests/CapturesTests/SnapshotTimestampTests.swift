import Testing
@testable import Captures

@Suite struct SnapshotTimestampTests {
    @Test func dateLinesDateTheSamples() throws {
        let text = """
        Thu Nov 26 20:55:21 UTC 2026
        MemTotal: 100 kB
        MemFree: 50 kB
        Thu Nov 26 21:55:21 CST 2026
        MemTotal: 100 kB
        MemFree: 40 kB
        """
        let c = Capture.parse(text)
        #expect(c.samples.count == 2)
        let t = c.samples.compactMap { $0.timestamp?.seconds }
        #expect(t.count == 2)
        #expect(t[1] - t[0] == 3600)
        // 2026-11-26 20:55:21 UTC, computed by hand: 20783 days since 1970 (checked with Python datetime).
        let expected: Double = 20783 * 86400 + 75321  // 20:55:21 = 75321 s
        #expect(t[0] == expected)
        #expect(c.samples[0].timestamp?.clock == .epoch)
    }

    @Test func epochLinesAndProcUptime() throws {
        let c = Capture.parse("1764190521\nMemTotal: 1 kB\n1764190526\nMemTotal: 1 kB\n")
        #expect(c.samples.compactMap { $0.timestamp?.seconds } == [1764190521, 1764190526])
        let u = Capture.parse("350735.47 234388.90\nMemTotal: 1 kB\n350740.47 234388.90\nMemTotal: 1 kB\n")
        #expect(u.samples.compactMap { $0.timestamp?.seconds } == [350735.47, 350740.47])
        #expect(u.samples.first?.timestamp?.clock == .uptime)
    }

    @Test func uptimeCommandAndBusyboxDate() throws {
        let c = Capture.parse(" 10:00:01 up 3 days,  4:05,  1 user,  load average: 0.00, 0.01, 0.05\nMemTotal: 1 kB\n")
        #expect(c.samples.first?.timestamp?.seconds == Double(3 * 86400 + 4 * 3600 + 5 * 60))
        let m = Capture.parse(" 00:01:07 up 12 min,  load average: 0.10, 0.05, 0.01\nMemTotal: 1 kB\n")
        #expect(m.samples.first?.timestamp?.seconds == 720)
        let b = Capture.parse("Thu Jan  1 00:02:03 1970\nMemTotal: 1 kB\n")  // no RTC, no zone word
        #expect(b.samples.first?.timestamp?.seconds == 123)
    }

    @Test func kernelPrefixedDumpIsDatedByItsPrefix() throws {
        let text = """
        [  100.250000] MemTotal: 100 kB
        [  100.250100] MemFree: 50 kB
        [  160.250000] MemTotal: 100 kB
        [  160.250100] MemFree: 40 kB
        """
        let c = Capture.parse(text)
        #expect(c.samples.compactMap { $0.timestamp?.seconds } == [100.25, 160.25])
        #expect(c.samples.first?.timestamp?.source == .linePrefix)
    }

    @Test func collectorMarkerCarriesTheTime() throws {
        let c = Capture.parse("### slabhound sample 1 t=1764190521 up=120.50\nMemTotal: 1 kB\n### slabhound sample 2 t=1764190531 up=130.50\nMemTotal: 1 kB\n")
        #expect(c.samples.compactMap { $0.timestamp?.seconds } == [1764190521, 1764190531])
        #expect(c.samples.first?.timestamp?.source == .marker)
    }
}
