/// Documents where the terms occur at the query's relative positions: a conjunction of the
/// terms' postings (approximation), confirmed on positions (two-phase). The phrase's tf is the
/// number of positions where the whole phrase starts.
final class PhraseScorer: Scorer {
    private let postings: [PostingsIterator]
    private let offsets: [Int32]
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    private let field: Field
    private var frequency = 0
    private var lists: [[Int32]]
    private let label: String

    /// - Parameters:
    ///   - postings: One iterator per query token.
    ///   - offsets: Each token's position relative to the first token in the query.
    init(
        _ postings: [PostingsIterator], offsets: [Int32], weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        self.label = label
        self.postings = postings
        self.offsets = offsets
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        lists = postings.map { _ in [] }
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
            frequency = try countMatches()
            if frequency > 0 { break }
            candidate = try postings[0].next()
        }
        doc = candidate
        return doc
    }

    /// Counts start positions p with every token i at p + offsets[i].
    private func countMatches() throws(IndexError) -> Int {
        for i in postings.indices {
            lists[i].removeAll(keepingCapacity: true)
            try postings[i].positions(into: &lists[i])
        }
        var cursors = [Int](repeating: 0, count: postings.count)
        var matches = 0
        for start in lists[0] {
            let origin = start - offsets[0]
            var all = true
            for i in 1..<postings.count {
                let wanted = origin + offsets[i]
                let list = lists[i]
                var cursor = cursors[i]
                while cursor < list.count && list[cursor] < wanted { cursor += 1 }
                cursors[i] = cursor
                if cursor == list.count || list[cursor] != wanted {
                    all = false
                    if cursor == list.count { return matches }
                    break
                }
            }
            if all { matches += 1 }
        }
        return matches
    }

    override func score() -> Float {
        norm.score(weight: weight, freq: Float(frequency), length: norms.length(field, doc))
    }

    override func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: Float(frequency), length: norms.length(field, doc))
    }
}
