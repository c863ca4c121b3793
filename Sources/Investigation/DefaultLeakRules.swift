/// The default rules table — data, kept as a JSON literal so the binary needs no resource
/// files. Copy it to a file, edit it, and pass `--rules FILE` to use yours
/// (`slabhound compare --print-rules` prints it).
public enum DefaultLeakRules {
    public static let json = #"""
    {
      "caches": [
        {"pattern": "mi_sys_*", "meaning": "vendor MI (SigmaStar) bookkeeping: each object stands for one block of the MMA heap, so the real leak is MMA memory", "next_step": "print /proc/mi_modules/mi_sys_mma/mma_heap_name0 at start and when leaking and run `slabhound compare` on the two: the owner (task_name) that gains chunks is the leaker"},
        {"pattern": "g_mi_sys_*", "meaning": "vendor MI (SigmaStar) chunk bookkeeping: each object stands for one block of the MMA heap, so the real leak is MMA memory", "next_step": "print /proc/mi_modules/mi_sys_mma/mma_heap_name0 at start and when leaking and run `slabhound compare` on the two: the owner (task_name) that gains chunks is the leaker"},
        {"pattern": "kmalloc-rcl-*", "meaning": "reclaimable kmalloc() objects", "next_step": "boot with slub_debug=U and read /sys/kernel/slab/<cache>/alloc_calls"},
        {"pattern": "kmalloc-cg-*", "meaning": "memcg-accounted kmalloc() objects (user-triggered allocations)", "next_step": "boot with slub_debug=U and read /sys/kernel/slab/<cache>/alloc_calls; check which process triggers them"},
        {"pattern": "kmalloc-*", "meaning": "generic kmalloc() objects of this size class: any kernel code or driver", "next_step": "boot with slub_debug=U,<cache> (or all), then read /sys/kernel/slab/<cache>/alloc_calls twice (`slabhound collector --slab-calls <cache>`) and symbolize the call sites whose counts grow"},
        {"pattern": "dma-kmalloc-*", "meaning": "kmalloc(GFP_DMA) objects: drivers", "next_step": "boot with slub_debug=U and read /sys/kernel/slab/<cache>/alloc_calls"},
        {"pattern": "size-*", "meaning": "generic kmalloc() objects (SLAB allocator naming)", "next_step": "SLAB has no alloc_calls: switch to SLUB with slub_debug=U, or use kmemleak"},
        {"pattern": "shmem_inode_cache", "meaning": "inodes of tmpfs/shmem files: files created in a tmpfs (/tmp, /dev/shm, /run) and not deleted, or shared memory segments kept", "next_step": "look for growing file counts in tmpfs mounts (`df -i`, `find /tmp /dev/shm /run | wc -l`) and unreleased shm segments (`ipcs -m`)"},
        {"pattern": "dentry", "meaning": "directory entries: files created or looked up and kept, or files left open", "next_step": "count open files per process (ls /proc/*/fd | wc -l) and files in tmpfs; dentries are reclaimable unless pinned by open files"},
        {"pattern": "*inode_cache", "meaning": "inodes of one filesystem: files created and kept, or left open", "next_step": "count open files per process (ls -l /proc/*/fd) and files on that filesystem"},
        {"pattern": "filp", "meaning": "open files (struct file): descriptors left open", "next_step": "compare ls /proc/*/fd | wc -l per process between samples: the one whose count grows leaks descriptors"},
        {"pattern": "sock_inode_cache", "meaning": "sockets: sockets created and never closed", "next_step": "compare socket counts per process (ls -l /proc/*/fd | grep socket) between samples"},
        {"pattern": "eventpoll_*", "meaning": "epoll instances or registrations left open", "next_step": "compare anon_inode:[eventpoll] descriptors per process (ls -l /proc/*/fd)"},
        {"pattern": "skbuff_*", "meaning": "network buffers: packets queued and never consumed, or a driver leaking skbs", "next_step": "check socket receive queues (netstat -an: Recv-Q) and the network driver's rx/tx paths"},
        {"pattern": "TCP*", "meaning": "TCP sockets left open", "next_step": "compare netstat -tan between samples"},
        {"pattern": "UDP*", "meaning": "UDP sockets left open", "next_step": "compare netstat -uan between samples"},
        {"pattern": "UNIX*", "meaning": "unix-domain sockets left open", "next_step": "compare ls -l /proc/*/fd | grep socket between samples"},
        {"pattern": "task_struct", "meaning": "tasks: threads or processes created and never reaped (zombies) or never exiting", "next_step": "compare ps -T (thread counts) and zombies between samples"},
        {"pattern": "vm_area_struct", "meaning": "memory mappings of processes: a process keeps mmapping", "next_step": "compare wc -l /proc/*/maps per process between samples"},
        {"pattern": "anon_vma*", "meaning": "anonymous memory mappings of processes", "next_step": "compare /proc/*/maps and VmRSS per process between samples"},
        {"pattern": "buffer_head", "meaning": "block-device buffers: page cache of a filesystem, reclaimable", "next_step": "usually not a leak: echo 3 > /proc/sys/vm/drop_caches and see if it shrinks"},
        {"pattern": "radix_tree_node", "meaning": "page-cache and IDR indexes: grows with cached files", "next_step": "usually follows the page cache: drop caches and re-check"},
        {"pattern": "kernfs_node_cache", "meaning": "sysfs/cgroup nodes: devices, cgroups or sysfs entries created and not removed", "next_step": "compare ls -R /sys/fs/cgroup | wc -l and the device list between samples"},
        {"pattern": "*", "meaning": "a named cache: the subsystem that created it allocates these objects", "next_step": "find kmem_cache_create(\"<cache>\" in the kernel or module sources; with slub_debug=U read /sys/kernel/slab/<cache>/alloc_calls"}
      ],
      "kinds": {
        "slab": {"meaning": "kernel slab objects that are not reclaimed", "next_step": "compare /proc/slabinfo: the caches that grew most, then the rule for those caches"},
        "anon": {"meaning": "user-space anonymous memory (malloc, mmap) of some process", "next_step": "compare VmRSS/RssAnon of every process (grep -H Rss /proc/*/status) between samples, then trace the growing process's allocations"},
        "page-cache": {"meaning": "page cache (file data): reclaimable, usually not a leak — unless it is tmpfs/shmem (see Shmem)", "next_step": "echo 3 > /proc/sys/vm/drop_caches and compare again; if Shmem grows, look for files left in tmpfs"},
        "vmalloc": {"meaning": "vmalloc() memory of the kernel or modules", "next_step": "compare /proc/vmallocinfo between samples and group by caller"},
        "cma": {"meaning": "the contiguous memory area: DMA buffers of drivers (video, display)", "next_step": "compare /sys/kernel/debug/cma/*/used (or the vendor's heap dumps) between samples"},
        "unaccounted": {"meaning": "pages taken straight from the page allocator (alloc_pages by drivers): in no counter of meminfo", "next_step": "enable page_owner (page_owner=on) and compare /sys/kernel/debug/page_owner, or the vendor heap dumps (MMA, ION)"},
        "none": {"meaning": "no kind of memory grew enough to matter", "next_step": "capture longer (slabhound collector) and run slabhound trend first"}
      }
    }
    """#
}
