/// Documents where the terms occur at the query's relative positions: a conjunction of the
/// terms' postings (approximation), confirmed on positions (two-phase). The phrase's tf is the
/// number of positions of the first token where the whole phrase starts.
///
/// A candidate is checked from its rarest token in the document up: the phrase starts allowed
/// by that token's positions are filtered by each other token's positions in increasing order
/// of term frequency, and positions of the remaining tokens are not decoded once no start is
/// left (or once the starts left cannot make the top hits).
final class PhraseScorer: PositionalScorer {
    /// Phrase starts (position − offset) still possible in the current document.
    @exclusivity(unchecked) private var starts = PositionBuffer()
    /// Token indices in the order the current document is checked.
    private let checkOrder: UnsafeMutablePointer<Int>

    override init(
        _ postings: [PostingsIterator], offsets: [Int32], weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        checkOrder = .allocate(capacity: postings.count)
        checkOrder.initialize(repeating: 0, count: postings.count)
        super.init(postings, offsets: offsets, weight: weight, norm: norm, norms: norms, field: field, label: label)
    }

    deinit {
        starts.deallocate()
        checkOrder.deallocate()
    }

    override func phraseFrequency() throws(IndexError) -> Float {
        if postings.count == 2 { return Float(try pairFrequency()) }
        sortByFrequency()
        let lead = checkOrder[0]
        let leadPositions = try positions(lead)
        starts.count = 0
        starts.reserve(leadPositions.count)
        let leadOffset = offsets[lead]
        for (i, position) in leadPositions.enumerated() {
            starts.base[i] = position &- leadOffset  // wrapping: damaged positions must not trap
        }
        var remaining = leadPositions.count
        for k in 1..<postings.count {
            let term = checkOrder[k]
            if remaining == 0 || cannotCompete(remaining) { return 0 }
            remaining = filter(count: remaining, by: try positions(term), offset: offsets[term])
        }
        if remaining == 0 { return 0 }
        // Starts come from the lead's positions; the frequency counts the first token's.
        return Float(lead == 0 ? remaining : count(try positions(0), offset: offsets[0], in: remaining))
    }

    /// Two tokens (most phrases): one merge of their positions, each of the rarer one's
    /// (in this document) looked up in the other's at the tokens' distance, the rarer one's
    /// decoded first. The starts need no buffer, and the frequency bound was already checked
    /// against the competitive score (``frequencyBound()``: the rarer one's tf).
    @inline(__always)
    private func pairFrequency() throws(IndexError) -> Int {
        let (lead, other) = freq(1) < freq(0) ? (1, 0) : (0, 1)
        let leads = try positions(lead)
        let others = try positions(other)
        // Wrapping: damaged positions must not trap (as in the general path).
        let distance = offsets[other] &- offsets[lead]
        var matches = 0
        var cursor = 0
        let n = others.count
        for position in leads {
            let wanted = position &+ distance
            // Eight at a time first: the other token is often far more frequent ("the who").
            while cursor &+ 8 < n && others[cursor &+ 8] < wanted { cursor &+= 8 }
            while cursor < n && others[cursor] < wanted { cursor &+= 1 }
            if cursor == n { break }
            if others[cursor] == wanted { matches &+= 1 }
        }
        return matches
    }

    /// Tokens by increasing frequency in the current document (ties by query order).
    @inline(__always)
    private func sortByFrequency() {
        // Insertion sort: phrases are short.
        checkOrder[0] = 0
        for i in 1..<postings.count {
            let term = i
            let freq = freq(term)
            var j = i
            while j > 0 && self.freq(checkOrder[j - 1]) > freq {
                checkOrder[j] = checkOrder[j - 1]
                j -= 1
            }
            checkOrder[j] = term
        }
    }

    /// Keeps the first `count` starts s with s + offset in `list` (both increasing); returns
    /// how many are left.
    @inline(__always)
    private func filter(count: Int, by list: UnsafeBufferPointer<Int32>, offset: Int32) -> Int {
        let base = starts.base
        var kept = 0
        var cursor = 0
        for i in 0..<count {
            let start = base[i]
            let wanted = start &+ offset
            while cursor < list.count && list[cursor] < wanted { cursor += 1 }
            if cursor == list.count { break }
            if list[cursor] == wanted {
                base[kept] = start
                kept += 1
            }
        }
        return kept
    }

    /// Positions p in `list` (each occurrence) with p − offset among the first `count` starts.
    private func count(_ list: UnsafeBufferPointer<Int32>, offset: Int32, in count: Int) -> Int {
        let base = starts.base
        var matches = 0
        var cursor = 0
        for position in list {
            let start = position &- offset
            while cursor < count && base[cursor] < start { cursor += 1 }
            if cursor == count { break }
            if base[cursor] == start { matches += 1 }
        }
        return matches
    }

    /// Each match uses a distinct position of every term: at most the smallest term frequency.
    override func frequencyBound() -> Float {
        var bound = Int32.max
        for token in postings.indices { bound = min(bound, freq(token)) }
        return Float(bound)
    }
}
