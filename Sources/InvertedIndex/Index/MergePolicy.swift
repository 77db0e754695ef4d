/// Chooses which segments a commit merges, keeping the segment count logarithmic in the
/// number of documents (Lucene's `LogMergePolicy` in spirit).
///
/// A segment's level is `⌊log_f(live docs / floor)⌋` (0 for segments of at most `floor`
/// documents), `f` the merge factor. Whenever `f` adjacent segments share a level they are
/// merged into one of the next level. Only adjacent runs are merged, so the documents keep
/// their order and ties rank as before. New segments are appended at the end, so the list
/// stays ordered by decreasing level and holds at most `f − 1` segments per level:
/// `O(f · log_f(N))` segments for `N` documents.
public struct MergePolicy: Sendable {
    /// Segments of one level that trigger a merge (≥ 2).
    public var mergeFactor: Int
    /// Segments of at most this many live documents are all level 0.
    public var floorDocuments: Int

    public init(mergeFactor: Int = 10, floorDocuments: Int = 1000) {
        self.mergeFactor = max(2, mergeFactor)
        self.floorDocuments = max(1, floorDocuments)
    }

    /// The level of a segment with `liveCount` live documents.
    func level(_ liveCount: Int) -> Int {
        var level = 0
        var size = floorDocuments
        while liveCount > size {
            level += 1
            let (next, overflow) = size.multipliedReportingOverflow(by: mergeFactor)
            if overflow { break }
            size = next
        }
        return level
    }

    /// The first run of `mergeFactor` adjacent segments of the lowest level that has one.
    /// - Complexity: O(n) for n segments.
    func findMerge(_ segments: [SegmentInfo]) -> Range<Int>? {
        let levels = segments.map { level($0.liveCount) }
        var best: (level: Int, range: Range<Int>)?
        var runStart = 0
        for i in levels.indices {
            if i > runStart && levels[i] != levels[runStart] { runStart = i }
            if i - runStart + 1 >= mergeFactor {
                let range = i - mergeFactor + 1..<i + 1
                if best == nil || levels[i] < best!.level { best = (levels[i], range) }
                runStart = i + 1
            }
        }
        return best?.range
    }
}
