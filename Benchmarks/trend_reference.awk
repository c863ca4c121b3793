# Benchmark 3 reference: what an engineer would do by hand with awk, in one pass, no sorting.
# Per sample: MemFree, MemAvailable, Slab, SUnreclaim (kB), and every slab cache's size in bytes
# (num_slabs x pagesperslab x page size, slabinfo 2.x columns). Prints one line per sample and
# one line per cache per sample.
BEGIN { page = 4096 }
/^### slabhound sample / { n++; next }
/^MemFree:/      { memfree = $2; next }
/^MemAvailable:/ { avail = $2; next }
/^Slab:/         { slab = $2; next }
/^SUnreclaim:/   { sunreclaim = $2; next }
/^### slabhound end / { print "sample", n, memfree, avail, slab, sunreclaim; next }
# name active num objsize perslab pagesperslab : tunables l b s : slabdata active_slabs num_slabs avail
NF >= 16 && $7 == ":" && $12 == ":" { print "cache", n, $1, $15 * $6 * page }
