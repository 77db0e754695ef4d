#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The memory an analyzer works in: the term buffer, the CJK unit buffers and the stem cache.
/// Each thread keeps one (in a POSIX thread-specific slot) and reuses it for every call, so
/// tokenizing allocates nothing per token and, after a thread's first call, nothing per call;
/// the stem cache warms up across documents. No locks: a thread only touches its own.
///
/// A call made while the thread's scratch is busy (an analyzer run from inside another's
/// callback) gets a fresh one of its own.
final class PipelineScratch {
    static let termCapacity = 512
    static let unitCapacity = 256

    /// `termCapacity` bytes for the term, then two units of `unitCapacity`.
    let buffer: UnsafeMutablePointer<UInt8>
    /// Created on the first call that stems: for `standard`, and for `english` (stop words).
    private var stemCache: StemCache?
    private var stopWordCache: StemCache?
    private var isBusy = false

    init() {
        buffer = .allocate(capacity: Self.termCapacity + 2 * Self.unitCapacity)
        buffer.initialize(repeating: 0, count: Self.termCapacity + 2 * Self.unitCapacity)
    }

    deinit {
        buffer.deallocate()
        stemCache?.deallocate()
        stopWordCache?.deallocate()
    }

    /// The stem cache that drops stop words or the one that does not, created if needed.
    func makeStemCache(dropsStopWords: Bool) -> StemCache {
        if let cache = dropsStopWords ? stopWordCache : stemCache { return cache }
        let cache = StemCache(dropsStopWords: dropsStopWords)
        if dropsStopWords { stopWordCache = cache } else { stemCache = cache }
        return cache
    }

    /// Calls `body` with this thread's scratch (or a fresh one if it is busy).
    @inline(__always)
    static func withCurrent<Result>(_ body: (PipelineScratch) throws -> Result) rethrows -> Result {
        let scratch = current()
        if scratch.isBusy { return try body(PipelineScratch()) }
        scratch.isBusy = true
        defer { scratch.isBusy = false }
        return try body(scratch)
    }

    private static func current() -> PipelineScratch {
        let key = threadKey
        if let stored = pthread_getspecific(key) {
            return Unmanaged<PipelineScratch>.fromOpaque(stored).takeUnretainedValue()
        }
        let scratch = PipelineScratch()
        pthread_setspecific(key, Unmanaged.passRetained(scratch).toOpaque())
        return scratch
    }

    /// The thread-specific slot; its destructor releases a thread's scratch when it exits.
    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { stored in
            #if canImport(Darwin)
            Unmanaged<PipelineScratch>.fromOpaque(stored).release()
            #else
            if let stored { Unmanaged<PipelineScratch>.fromOpaque(stored).release() }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed (\(status))")
        return key
    }()
}
