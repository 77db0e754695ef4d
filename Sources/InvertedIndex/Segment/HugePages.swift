#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back large, randomly accessed buffers (the builder's byte pool, term
/// states, key arena and hash slots) with transparent huge pages: with 4 KiB pages almost
/// every token's lookups miss the TLB once the buffers reach tens of MB. Advice only:
/// nothing changes where it is not supported, and pages are still committed on first write
/// (in 2 MiB steps), so resident memory follows the bytes used.
enum HugePages {
    static let size = 2 << 20

    /// Advises the 2 MiB-aligned part of `bytes` bytes at `pointer` (nothing below 4 MiB).
    static func advise(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        #if os(Linux)
        guard bytes >= 2 * size else { return }
        let start = (Int(bitPattern: pointer) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: pointer) + bytes) & ~(size - 1)
        guard end > start, let aligned = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(aligned, end - start, MADV_HUGEPAGE)
        #endif
    }
}
