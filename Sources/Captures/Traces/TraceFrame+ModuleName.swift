extension TraceFrame {
    /// Whether `name` could be a kernel module name as the kernel prints it in `[mod]`: letters,
    /// digits, `_` and `-` (the bytes the parser reads as a module name; a symbolizer refuses a
    /// `[../../x]` from a mangled trace with it rather than looking for such a file).
    public static func isKernelModuleName(_ name: some StringProtocol) -> Bool {
        name.utf8.allSatisfy(TraceBytes.isModuleChar)
    }
}
