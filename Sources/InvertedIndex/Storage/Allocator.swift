#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings the writer's memory budget relies on.
enum Allocator {
    /// Fixes glibc's mmap threshold at 128 KiB (its default starting value), once per process.
    ///
    /// Why: glibc raises the threshold to the size of every mmapped block freed (up to
    /// 32 MiB), after which the writer's large, short-lived buffers (a flush's column copies
    /// and write buffers, growing id and offset arrays) come from the heap and the worker
    /// threads' arenas, which keep the freed memory: measured 10 MiB more resident than the
    /// budget at `--memory 20` with two threads. Set explicitly, the threshold no longer
    /// moves, and blocks of 128 KiB and more go back to the system when freed (one `mmap`
    /// and `munmap` each, a few per flush). Only glibc has the knob; elsewhere nothing
    /// changes.
    static let fixMmapThreshold: Void = {
        #if canImport(Glibc)
        // Looked up at run time so the call uses the C calling convention (a Swift
        // declaration of a C symbol would not guarantee it).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdParameter, 128 << 10)
        #endif
    }()

    /// `M_MMAP_THRESHOLD` of `<malloc.h>` (not in the Glibc module).
    private static let mmapThresholdParameter: Int32 = -3
}
