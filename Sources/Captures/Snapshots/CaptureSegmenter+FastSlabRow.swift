/// The common case of the commonest line — a well-formed SLUB/SLAB 2.x slabinfo row — read in
/// one pass without tokenizing. Anything unusual (control bytes, statistics columns, a cut row)
/// returns false and goes through the general path, which gives the same result for rows it
/// accepts here.
extension CaptureSegmenter {
    func fastSlabRow(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        // Name: up to the first blank; printable bytes only.
        var i = s
        let c0 = p[i]
        if c0 == 0x23 || c0 == 0x5B || c0 == 0x3C { return false }  // '#', '[', '<'
        while i < e {
            let b = p[i]
            if b == 0x20 { break }
            if b < 0x20 || b == 0x7F { return false }
            i += 1
        }
        let nameEnd = i
        if nameEnd == s || nameEnd == e { return false }
        var v = (Int64(0), Int64(0), Int64(0), Int64(0), Int64(0))
        guard let a0 = number(p, &i, e), let a1 = number(p, &i, e), let a2 = number(p, &i, e),
              let a3 = number(p, &i, e), let a4 = number(p, &i, e),
              word(p, &i, e, ":"), word(p, &i, e, "tunables"),
              let t1 = number(p, &i, e), let t2 = number(p, &i, e), let t3 = number(p, &i, e),
              word(p, &i, e, ":"), word(p, &i, e, "slabdata"),
              let d1 = number(p, &i, e), let d2 = number(p, &i, e), let d3 = number(p, &i, e)
        else { return false }
        i = Self.skipBlanks(p, i, e)
        guard i == e else { return false }  // more columns (statistics): the general path
        v = (a0, a1, a2, a3, a4)
        addSlabRow(SlabCache(name: slabName(p, s, nameEnd), activeObjs: v.0, numObjs: v.1, objSize: v.2,
                             objPerSlab: v.3, pagesPerSlab: v.4,
                             // limit ≥ batchcount whatever the header says (see slabRow).
                             limit: Swift.max(t1, t2), batchCount: Swift.min(t1, t2), sharedFactor: t3,
                             activeSlabs: d1, numSlabs: d2, sharedAvail: d3))
        return true
    }

    /// Blanks, then 1–18 digits ending at a blank or the line's end.
    @inline(__always)
    private func number(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ e: Int) -> Int64? {
        var j = Self.skipBlanks(p, i, e)
        let start = j
        var v: Int64 = 0
        while j < e {
            let d = p[j] &- 0x30
            if d >= 10 { break }
            v = v &* 10 &+ Int64(d)
            j += 1
        }
        let n = j - start
        guard n > 0, n <= 18, j == e || p[j] == 0x20 else { return nil }
        i = j
        return v
    }

    /// Blanks, then exactly `literal`, ending at a blank.
    @inline(__always)
    private func word(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ e: Int, _ literal: StaticString) -> Bool {
        let j = Self.skipBlanks(p, i, e)
        let n = literal.utf8CodeUnitCount
        guard j + n < e, SnapshotBytes.memcmpBytes(p + j, literal.utf8Start, n), p[j + n] == 0x20 else { return false }
        i = j + n
        return true
    }

    /// Index of the first byte at or after `i` that is not a space: eight bytes per step, so
    /// /proc's padding (runs of 1–10 blanks) costs no mispredicted branches.
    @inline(__always)
    static func skipBlanks(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> Int {
        var i = i
        let raw = UnsafeRawPointer(p)
        while i + 8 <= e {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian ^ 0x2020_2020_2020_2020
            if x != 0 { return i + x.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < e, p[i] == 0x20 { i += 1 }
        return i
    }
}
