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
final class SloppyPhraseScorer: Scorer {
    private let postings: [PostingsIterator]
    private let offsets: [Int32]
    private let slop: Int32
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    private let field: Field
    private let label: String
    private var frequency: Float = 0
    private var lists: [[Int32]]
    private var chosen: [Int32]

    init(
        _ postings: [PostingsIterator], offsets: [Int32], slop: Int, weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        self.postings = postings
        self.offsets = offsets
        self.slop = Int32(clamping: slop)
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        self.label = label
        lists = postings.map { _ in [] }
        chosen = []
    }

    override func next() throws(IndexError) -> Int32 {
        try confirm(postings[0].next())
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try confirm(postings[0].advance(to: target))
    }

    private func confirm(_ start: Int32) throws(IndexError) -> Int32 {
        var candidate = start
        outer: while candidate != PostingsIterator.exhausted {
            for iterator in postings.dropFirst() {
                let found = try iterator.advance(to: candidate)
                if found != candidate {
                    candidate = try postings[0].advance(to: found)
                    continue outer
                }
            }
            frequency = try sloppyFrequency()
            if frequency > 0 { break }
            candidate = try postings[0].next()
        }
        doc = candidate
        return doc
    }

    private func sloppyFrequency() throws(IndexError) -> Float {
        for i in postings.indices {
            lists[i].removeAll(keepingCapacity: true)
            try postings[i].positions(into: &lists[i])
        }
        var total: Float = 0
        for start in lists[0] {
            let anchor = start - offsets[0]
            chosen.removeAll(keepingCapacity: true)
            chosen.append(start)
            var best = slop + 1
            search(term: 1, low: anchor, high: anchor, anchor: anchor, best: &best)
            if best <= slop { total += 1 / Float(best + 1) }
        }
        return total
    }

    /// Depth-first over the terms' positions near the anchor, keeping the smallest span.
    private func search(term: Int, low: Int32, high: Int32, anchor: Int32, best: inout Int32) {
        if high - low >= best { return }
        if term == lists.count {
            best = high - low
            return
        }
        let list = lists[term]
        let offset = offsets[term]
        // Positions whose adjusted value lies within slop of the anchor.
        let lowest = anchor - slop + offset
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < lowest { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < list.count && list[i] - offset <= anchor + slop {
            let position = list[i]
            i += 1
            if chosen.contains(position) { continue }
            let adjusted = position - offset
            chosen.append(position)
            search(term: term + 1, low: min(low, adjusted), high: max(high, adjusted), anchor: anchor, best: &best)
            chosen.removeLast()
            if best == 0 { return }
        }
    }

    override func score() -> Float {
        norm.score(weight: weight, freq: frequency, length: norms.length(field, doc))
    }

    override func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: frequency, length: norms.length(field, doc))
    }
}
