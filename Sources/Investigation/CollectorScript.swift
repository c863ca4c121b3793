/// The script `slabhound collector` prints for the board: POSIX sh that busybox ash runs (no
/// bash-isms), printing exactly what the segmenter reads best — a marker with the time at the
/// start of each sample, then meminfo, slabinfo, free, the heap dumps and alloc_calls, each
/// behind its own marker.
public struct CollectorScript: Sendable, Equatable {
    public var interval: Int
    /// 0 = until interrupted.
    public var count: Int
    public var heaps: [String]
    public var slabCalls: [String]
    /// `sync; echo 3 > /proc/sys/vm/drop_caches` before each sample, as the seed's loop did:
    /// page cache and reclaimable slab then stop masking what is really held.
    public var dropCaches: Bool

    public init(interval: Int = 5, count: Int = 0, heaps: [String] = [], slabCalls: [String] = [], dropCaches: Bool = true) {
        self.interval = interval
        self.count = count
        self.heaps = heaps
        self.slabCalls = slabCalls
        self.dropCaches = dropCaches
    }

    /// Paths and cache names go into the script verbatim (single-quoted): only plain names are
    /// accepted, so nothing typed here can become shell syntax on the board.
    public func validate() throws {
        guard interval >= 0, interval <= 86_400 else { throw InvestigationError.noSample("--interval must be 0…86400 seconds") }
        guard count >= 0 else { throw InvestigationError.noSample("--count must be 0 (forever) or more") }
        for p in heaps where !Self.isPlain(p, extra: "/._-+") || !p.hasPrefix("/") {
            throw InvestigationError.noSample("heap path '\(p)' must be an absolute path of letters, digits and / . _ - +")
        }
        for c in slabCalls where !Self.isPlain(c, extra: "._-:") || c.contains("..") {
            throw InvestigationError.noSample("cache name '\(c)' must be letters, digits and . _ - :")
        }
    }

    static func isPlain(_ s: String, extra: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            (c.value < 128 && (c.properties.isAlphabetic || ("0"..."9").contains(Character(c)))) || extra.unicodeScalars.contains(c)
        }
    }

    public var text: String {
        // Validated names hold no blanks, quotes or glob characters: plain word lists are safe.
        let heapList = heaps.joined(separator: " ")
        let cacheList = slabCalls.joined(separator: " ")
        var s = """
        #!/bin/sh
        # slabhound collector — run on the board with busybox sh (or any POSIX sh):
        #   sh collect.sh > /tmp/capture.txt      (or let it print on the serial console)
        # then on the host: slabhound trend capture.txt; slabhound compare capture.txt
        # One sample every \(interval) s\(count == 0 ? ", until interrupted" : ", \(count) samples").
        INTERVAL=\(interval)
        COUNT=\(count)
        HEAPS="\(heapList)"
        CACHES="\(cacheList)"
        i=0
        while [ "$COUNT" -eq 0 ] || [ "$i" -lt "$COUNT" ]; do
            i=$((i + 1))

        """
        if dropCaches {
            s += """
                # As the seed's loop: drop clean caches so only what is really held remains.
                sync
                echo 3 > /proc/sys/vm/drop_caches 2>/dev/null

            """
        }
        s += """
            up=""
            read up idle < /proc/uptime 2>/dev/null
            echo "### slabhound sample $i t=$(date +%s 2>/dev/null) up=$up"
            echo "### slabhound meminfo"
            cat /proc/meminfo
            echo "### slabhound slabinfo"
            if [ -r /proc/slabinfo ]; then cat /proc/slabinfo; else echo "### slabhound missing /proc/slabinfo (needs root and CONFIG_SLUB_DEBUG or SLAB)"; fi
            echo "### slabhound free"
            free
            for h in $HEAPS; do
                echo "### slabhound heap $h"
                if [ -r "$h" ]; then cat "$h"; else echo "### slabhound missing $h"; fi
            done
            for c in $CACHES; do
                f=/sys/kernel/slab/$c/alloc_calls
                if [ -r "$f" ]; then
                    echo "### slabhound alloc_calls $c"
                    cat "$f"
                else
                    echo "### slabhound missing $f (boot with slub_debug=U,$c)"
                fi
            done
            echo "### slabhound end $i"
            if [ "$COUNT" -eq 0 ] || [ "$i" -lt "$COUNT" ]; then sleep "$INTERVAL"; fi
        done

        """
        return s
    }
}
