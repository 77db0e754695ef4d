/// A phrase whose words may be out of place by up to `slop` moves (`"blood transfusion"~2`).
///
/// The exact definition (simpler than Lucene's, and checked by the brute-force test): with
/// query offsets oᵢ, a choice of distinct positions pᵢ (pᵢ holding term i) has the distance
/// `max(pᵢ − oᵢ) − min(pᵢ − oᵢ)` (0 for the exact phrase; 2 for two swapped words). For each
/// occurrence of the first term, the smallest distance over the choices that use it counts
/// when it is ≤ slop, contributing Lucene's sloppy frequency `1 / (distance + 1)`:
///
///     tf = Σ over occurrences s of term 0 with d(s) ≤ slop of 1 / (d(s) + 1)
///
/// With slop 0 this is the exact phrase frequency.
final class SloppyPhraseScorer: PositionalScorer {
    private let slop: Int32
    @exclusivity(unchecked) private var chosen: [Int32] = []
    /// The current document's positions per token (views of the base class's buffers).
    @exclusivity(unchecked) private var lists: [UnsafeBufferPointer<Int32>] = []

    init(
        _ postings: [PostingsIterator], offsets: [Int32], slop: Int, weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        self.slop = Int32(clamping: slop)
        super.init(postings, offsets: offsets, weight: weight, norm: norm, norms: norms, field: field, label: label)
    }

    override func phraseFrequency() throws(IndexError) -> Float {
        if lists.count != postings.count { lists = postings.map { _ in UnsafeBufferPointer(start: nil, count: 0) } }
        for term in postings.indices { lists[term] = try positions(term) }
        var total: Float = 0
        for start in lists[0] {
            let anchor = start &- offsets[0]  // wrapping: damaged positions must not trap
            chosen.removeAll(keepingCapacity: true)
            chosen.append(start)
            var best = slop &+ 1
            search(term: 1, low: anchor, high: anchor, anchor: anchor, best: &best)
            if best <= slop { total += 1 / Float(best &+ 1) }
        }
        return total
    }

    /// Depth-first over the terms' positions near the anchor, keeping the smallest span.
    private func search(term: Int, low: Int32, high: Int32, anchor: Int32, best: inout Int32) {
        if high &- low >= best { return }
        if term == lists.count {
            best = high &- low
            return
        }
        let list = lists[term]
        let offset = offsets[term]
        // Positions whose adjusted value lies within slop of the anchor.
        let lowest = anchor &- slop &+ offset
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < lowest { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < list.count && list[i] &- offset <= anchor &+ slop {
            let position = list[i]
            i += 1
            if chosen.contains(position) { continue }
            let adjusted = position &- offset
            chosen.append(position)
            search(term: term + 1, low: min(low, adjusted), high: max(high, adjusted), anchor: anchor, best: &best)
            chosen.removeLast()
            if best == 0 { return }
        }
    }

    /// Each occurrence of the first term adds at most 1.
    override func frequencyBound() -> Float { Float(postings[0].freq) }
}
