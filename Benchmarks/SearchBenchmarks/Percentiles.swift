/// Latency summary of one query class: every timed execution, in nanoseconds.
struct LatencySummary: Equatable {
    var executions: Int
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var meanMilliseconds: Double

    /// Summarizes `nanoseconds`; `nil` when there are none.
    init?(nanoseconds: [UInt64]) {
        guard !nanoseconds.isEmpty else { return nil }
        let sorted = nanoseconds.map { Double($0) / 1e6 }.sorted()
        executions = sorted.count
        p50Milliseconds = Percentiles.value(sorted, 0.50)
        p99Milliseconds = Percentiles.value(sorted, 0.99)
        meanMilliseconds = sorted.reduce(0, +) / Double(sorted.count)
    }
}

/// Percentiles by linear interpolation between the closest ranks.
///
/// The same definition as the peers harness (`bench.py`'s `percentile`) and numpy's default,
/// so searchctl's p50/p99 printed here and the peers' numbers mean the same thing.
enum Percentiles {
    /// The `q`-quantile (0...1) of `sorted`, which must be in ascending order and non-empty.
    /// - Complexity: O(1).
    static func value(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of nothing")
        let position = Double(sorted.count - 1) * min(max(q, 0), 1)
        let lower = Int(position)
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
