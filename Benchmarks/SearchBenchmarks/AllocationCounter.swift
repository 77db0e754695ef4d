#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Counts heap allocations on Linux with glibc's allocation tracer: `mtrace()` logs every
/// `malloc`, `calloc`, `realloc` and `memalign` of the process to the file `$MALLOC_TRACE`
/// (a `+` line per allocation, `>` for a `realloc`). Since glibc 2.34 the tracer lives in
/// `libc_malloc_debug.so.0`, which must be preloaded, so ``prepare()`` re-executes the benchmark
/// once with `LD_PRELOAD` set. The other ways are weaker: `mallinfo2()` reports bytes in use
/// (an allocation freed before the next reading goes unseen), `__malloc_hook` is gone, and a
/// `malloc` defined by this executable is not exported to the libraries that call it.
enum AllocationCounter {
    private static let preload = "libc_malloc_debug.so.0"
    private static let marker = "SEARCHBENCH_MALLOC_DEBUG"

    /// Re-executes this process with the tracer preloaded, unless that was done already or the
    /// library is missing; returns (continuing without counts) if that is not possible.
    static func prepare() {
        #if canImport(Glibc)
        guard getenv(marker) == nil, let library = tracerLibraryPath() else { return }
        setenv(marker, "1", 1)
        let existing = getenv("LD_PRELOAD").map { String(cString: $0) + ":" } ?? ""
        setenv("LD_PRELOAD", existing + library, 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // Only reached if `execv` failed: go on without counting.
        unsetenv("LD_PRELOAD")
        #endif
    }

    /// Whether allocations can be counted in this process (the tracer is loaded and works).
    static let isAvailable: Bool = (count { probe = malloc(16) } ?? 0) > 0

    /// Written by the availability check so that the optimizer cannot drop its allocation.
    nonisolated(unsafe) private static var probe: UnsafeMutableRawPointer?

    /// Runs `body` with the tracer on and returns how many allocations it made (from any
    /// thread: measure single-threaded code only), or `nil` if they cannot be counted.
    static func count(_ body: () -> Void) -> Int? {
        #if canImport(Glibc)
        // The C library's default-version `mtrace` is a stub; the tracer's is the non-default
        // `mtrace@GLIBC_2.2.5`, which only `dlvsym` (not exported by Swift's Glibc) finds.
        typealias VersionedLookup = @convention(c) (
            UnsafeMutableRawPointer?, UnsafePointer<CChar>, UnsafePointer<CChar>
        ) -> UnsafeMutableRawPointer?
        guard getenv(marker) != nil, let tracer = dlopen(preload, RTLD_LAZY | RTLD_NOLOAD),
            let lookupSymbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "dlvsym")
        else { return nil }
        let lookup = unsafeBitCast(lookupSymbol, to: VersionedLookup.self)
        guard let mtraceSymbol = lookup(tracer, "mtrace", "GLIBC_2.2.5"),
            let muntraceSymbol = lookup(tracer, "muntrace", "GLIBC_2.2.5")
        else { return nil }
        typealias Function = @convention(c) () -> Void
        let start = unsafeBitCast(mtraceSymbol, to: Function.self)
        let stop = unsafeBitCast(muntraceSymbol, to: Function.self)
        let path = NSTemporaryDirectory() + "searchbench-mtrace-\(getpid())"
        setenv("MALLOC_TRACE", path, 1)
        defer { unlink(path) }
        start()
        body()
        stop()
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        // Lines read `@ CALLER + 0xADDRESS 0xSIZE` for an allocation (`> 0x…` for a realloc's
        // result, `- 0x…` for a free); the caller's `(symbol+offset)` has no space before `+`.
        let text = String(decoding: data, as: UTF8.self)
        let allocations = text.split(separator: "\n").count { $0.contains(" + 0x") || $0.contains(" > 0x") }
        return allocations
        #else
        return nil
        #endif
    }

    #if canImport(Glibc)
    /// `libc_malloc_debug.so.0` next to the C library this process has mapped, if it exists.
    private static func tracerLibraryPath() -> String? {
        guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return nil }
        for line in maps.split(separator: "\n") {
            guard let start = line.firstIndex(of: "/"), line.hasSuffix("/libc.so.6") else { continue }
            let libc = line[start...]
            let path = libc[..<libc.lastIndex(of: "/")!] + "/" + preload
            return access(path, R_OK) == 0 ? path : nil
        }
        return nil
    }
    #endif
}
