import Foundation
import Captures

/// Which object file a frame belongs to, as the trace names it.
public enum ModuleKey: Hashable, Sendable, CustomStringConvertible {
    /// The core kernel: resolved with `vmlinux`.
    case kernelCore
    /// A loadable kernel module, by the name printed in `[name]`.
    case kernelModule(String)
    /// A user-space object, by the path `backtrace_symbols()` printed.
    case user(String)

    public init(frame: TraceFrame) {
        switch frame.kind {
        case .kernel: self = frame.module.map { .kernelModule($0) } ?? .kernelCore
        case .user: self = .user(frame.module ?? "")
        }
    }

    public var description: String {
        switch self {
        case .kernelCore: return "vmlinux"
        case .kernelModule(let name): return name
        case .user(let path): return path
        }
    }

    /// The file name expected among the symbol files.
    public var expectedFileName: String {
        switch self {
        case .kernelCore: return "vmlinux"
        case .kernelModule(let name): return name + ".ko"
        case .user(let path): return (path as NSString).lastPathComponent
        }
    }
}
