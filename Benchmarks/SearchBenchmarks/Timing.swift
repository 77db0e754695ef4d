import Glibc

/// Time and memory readings of this process.
enum Timing {
    /// Nanoseconds on the monotonic clock (`clock_gettime(CLOCK_MONOTONIC)`): unaffected by
    /// wall-clock adjustments, and cheaper than `ContinuousClock` (no `Duration` arithmetic)
    /// inside a loop that times each query.
    @inline(__always)
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Seconds elapsed while running `body`, and its result.
    static func measure<T>(_ body: () throws -> T) rethrows -> (seconds: Double, value: T) {
        let start = now()
        let value = try body()
        return (Double(now() - start) / 1e9, value)
    }

    /// The peak resident set size of this process so far, in bytes (`getrusage`'s
    /// `ru_maxrss`, which Linux reports in KiB). A high-water mark: it never goes down, so
    /// it describes the whole run up to the moment of the call.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// Consumes `value` opaquely, so the optimizer cannot drop the work that computed it
    /// (`@_optimize(none)`, as swift-benchmark's `blackHole` does).
    @_optimize(none)
    static func blackHole(_ value: Int) { _ = value }
}
