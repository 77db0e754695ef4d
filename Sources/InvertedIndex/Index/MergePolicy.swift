#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses which segments a commit merges, keeping the segment count logarithmic in the
/// number of documents (Lucene's `LogMergePolicy`).
///
/// A segment's level is `log_f(max(live docs, floor))`, `f` the merge factor. From the
/// first segment on: the largest level among the remaining segments and everything within
/// 0.75 of it (all segments at the floor count as one level) form a group, up to the last
/// segment of that group; any `f` adjacent segments in it are merged into one of the next
/// level. The tolerance keeps segments that straddle a level boundary (flushes by memory
/// give similar, not equal, sizes) from blocking merges. Only adjacent runs are merged, so
/// documents keep their order and ties rank as before. New segments are appended at the
/// end, so the list stays ordered by decreasing level with fewer than `f` segments per
/// level once merged: `O(f · log_f(N))` segments for `N` documents.
public struct MergePolicy: Sendable {
    /// Segments of one level that trigger a merge (≥ 2).
    public var mergeFactor: Int
    /// Segments of at most this many live documents are all on the lowest level.
    public var floorDocuments: Int

    public init(mergeFactor: Int = 10, floorDocuments: Int = 1000) {
        self.mergeFactor = max(2, mergeFactor)
        self.floorDocuments = max(1, floorDocuments)
    }

    /// The level of a segment with `liveCount` live documents.
    func level(_ liveCount: Int) -> Double {
        log(Double(max(liveCount, floorDocuments))) / log(Double(mergeFactor))
    }

    /// The first run of `mergeFactor` adjacent segments to merge, if any.
    /// - Complexity: O(n²) for n segments in the worst case (n is small).
    func findMerge(_ segments: [SegmentInfo]) -> Range<Int>? {
        guard segments.count >= mergeFactor else { return nil }
        let levels = segments.map { level($0.liveCount) }
        let floorLevel = level(0)
        var start = 0
        while start < levels.count {
            let top = levels[start...].max()!
            let bottom = top <= floorLevel ? -Double.infinity : top - 0.75
            var upto = levels.count - 1
            while upto > start && levels[upto] < bottom { upto -= 1 }
            if upto - start + 1 >= mergeFactor { return start..<start + mergeFactor }
            start = upto + 1
        }
        return nil
    }
}
