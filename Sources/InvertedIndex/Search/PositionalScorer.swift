/// The shared half of phrase scorers: a conjunction of the terms' postings (the
/// approximation), each candidate confirmed on positions (two-phase), scored by BM25 with the
/// phrase frequency a subclass computes from the terms' positions in the document.
class PositionalScorer: Scorer {
    let postings: [PostingsIterator]
    /// Each query token's position relative to the first token.
    let offsets: [Int32]
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    private let field: Field
    private let label: String
    /// The current document's positions, one list per query token.
    var lists: [[Int32]]
    private var frequency: Float = 0
    /// Term indices by increasing document frequency: the rarest leads the conjunction.
    private let order: [Int]
    private var pruning = false
    private var minCompetitive: Float = 0

    /// - Parameters:
    ///   - postings: One iterator per query token.
    ///   - offsets: Each token's position relative to the first token in the query.
    init(
        _ postings: [PostingsIterator], offsets: [Int32], weight: Float, norm: BM25.FieldNorm,
        norms: NormsReader, field: Field, label: String
    ) {
        self.postings = postings
        self.offsets = offsets
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        self.label = label
        lists = postings.map { _ in [] }
        order = postings.indices.sorted { (postings[$0].docFreq, $0) < (postings[$1].docFreq, $1) }
    }

    /// The phrase frequency in the current document from `lists`; 0 when it does not match.
    func phraseFrequency() -> Float { fatalError("abstract") }

    /// An upper bound of ``phraseFrequency()`` from the terms' frequencies in the current
    /// document (read before positions, to skip documents that cannot compete).
    func frequencyBound() -> Float { fatalError("abstract") }

    override final func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        return try confirm(postings[order[0]].next())
    }

    override final func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try confirm(postings[order[0]].advance(to: target))
    }

    private func confirm(_ start: Int32) throws(IndexError) -> Int32 {
        let lead = postings[order[0]]
        var candidate = start
        outer: while candidate != PostingsIterator.exhausted {
            for k in order.dropFirst() {
                let found = try postings[k].advance(to: candidate)
                if found != candidate {
                    candidate = try lead.advance(to: found)
                    continue outer
                }
            }
            if pruning {
                let bound = norm.score(weight: weight, freq: frequencyBound(), length: norms.length(field, candidate))
                if bound <= minCompetitive {
                    candidate = try lead.next()
                    continue outer
                }
            }
            for i in postings.indices {
                lists[i].removeAll(keepingCapacity: true)
                try postings[i].positions(into: &lists[i])
            }
            frequency = phraseFrequency()
            if frequency > 0 { break }
            candidate = try lead.next()
        }
        doc = candidate
        return doc
    }

    override final func score() -> Float {
        norm.score(weight: weight, freq: frequency, length: norms.length(field, doc))
    }

    override final func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: frequency, length: norms.length(field, doc))
    }

    override final var cost: Int { postings[order[0]].docFreq }

    /// weight / (1 + c / tf) ≤ weight in Float too.
    override final func maxScore() -> Float { weight }

    override final func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
    }
}
