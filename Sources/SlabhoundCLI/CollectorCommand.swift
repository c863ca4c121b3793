import ArgumentParser
import Investigation

/// Prints the capture script for the board.
struct CollectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collector",
        abstract: "Print a busybox-sh script that records what trend and compare read best.",
        discussion: """
        Copy the script to the board and run it with `sh`; each sample prints a marker with the \
        time, /proc/meminfo, /proc/slabinfo, `free`, the heap dumps given with --heap and \
        /sys/kernel/slab/CACHE/alloc_calls for each --slab-calls CACHE (needs slub_debug=U). \
        Caches are dropped before each sample, as the seed's loop did (--no-drop-caches to keep them).
        """)

    @Option(help: "Seconds between samples.")
    var interval: Int = 5

    @Option(help: "Number of samples (0: until interrupted).")
    var count: Int = 0

    @Option(help: ArgumentHelp("A heap dump file to print each sample, e.g. /proc/mi_modules/mi_sys_mma/mma_heap_name0 (repeatable).", valueName: "PATH"))
    var heap: [String] = []

    @Option(help: ArgumentHelp("A slab cache whose alloc_calls to print each sample (repeatable).", valueName: "CACHE"))
    var slabCalls: [String] = []

    @Flag(help: "Do not drop caches before each sample.")
    var noDropCaches = false

    @Flag(help: "Print JSON: {script, interval, count, heaps[], slab_calls[], drop_caches}.")
    var json = false

    var script: CollectorScript {
        CollectorScript(interval: interval, count: count, heaps: heap, slabCalls: slabCalls, dropCaches: !noDropCaches)
    }

    func validate() throws {
        do { try script.validate() } catch let e as InvestigationError { throw ValidationError(e.description) }
    }

    func run() async throws {
        if json {
            print(try JSONText.encode(CollectorJSON(script: script.text, interval: interval, count: count, heaps: heap,
                                                    slabCalls: slabCalls, dropCaches: !noDropCaches)))
        } else {
            print(script.text, terminator: "")
        }
    }
}

/// What `collector --json` prints: the script and the settings it was made with.
private struct CollectorJSON: Encodable {
    var script: String
    var interval: Int
    var count: Int
    var heaps: [String]
    var slabCalls: [String]
    var dropCaches: Bool

    enum CodingKeys: String, CodingKey {
        case script, interval, count, heaps
        case slabCalls = "slab_calls", dropCaches = "drop_caches"
    }
}
