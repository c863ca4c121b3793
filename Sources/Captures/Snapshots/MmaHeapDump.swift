/// One MMA heap dump as the vendor's `mi_sys` module prints it
/// (`/proc/mi_modules/mi_sys_mma/mma_heap_name0`): the heap line, the chunk manager, and one row
/// per chunk with its owner. Numbers are hex without `0x` in the text.
public struct MmaHeapDump: Sendable, Equatable, Codable {
    public struct Chunk: Sendable, Equatable, Codable {
        public var offset: UInt64
        public var length: UInt64
        public var used: Bool
        /// `task_name`: the owner (`app-mmaAlloc`, `venc0_P0_MAIN`), `NA` for free chunks.
        public var task: String

        public init(offset: UInt64, length: UInt64, used: Bool, task: String) {
            self.offset = offset
            self.length = length
            self.used = used
            self.task = task
        }
    }

    public var name: String
    public var base: UInt64
    public var length: UInt64
    public var chunkManagerAvail: UInt64?
    public var chunks: [Chunk]

    public init(name: String, base: UInt64, length: UInt64, chunkManagerAvail: UInt64? = nil, chunks: [Chunk] = []) {
        self.name = name
        self.base = base
        self.length = length
        self.chunkManagerAvail = chunkManagerAvail
        self.chunks = chunks
    }
}
