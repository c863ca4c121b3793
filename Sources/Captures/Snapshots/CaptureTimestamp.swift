/// When a sample was taken, as far as the log says.
public struct CaptureTimestamp: Sendable, Equatable, Codable {
    public enum Clock: String, Sendable, Codable {
        /// Seconds since 1970 (`date`, `date +%s`, a console logger's date prefix). Boards
        /// without an RTC print 1970 dates: still a valid clock for differences.
        case epoch
        /// Seconds since boot (`/proc/uptime`, `uptime`, the kernel's `[ 12.345678]` prefix).
        case uptime
    }

    public enum Source: String, Sendable, Codable {
        case marker, date, epochLine = "epoch-line", procUptime = "proc-uptime",
             uptimeCommand = "uptime-command", linePrefix = "line-prefix"
    }

    public var seconds: Double
    public var clock: Clock
    public var source: Source

    public init(seconds: Double, clock: Clock, source: Source) {
        self.seconds = seconds
        self.clock = clock
        self.source = source
    }
}
