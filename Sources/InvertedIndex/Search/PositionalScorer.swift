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
    @exclusivity(unchecked) var lists: [[Int32]]
    @exclusivity(unchecked) private var frequency: Float = 0
    /// Term indices by increasing document frequency: the rarest leads the conjunction.
    private let order: [Int]
    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    /// Whether the current (approximate) document was checked on positions, and the result.
    @exclusivity(unchecked) private var checked = true
    @exclusivity(unchecked) private var matched = true

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
        try approximate(postings[order[0]].next())
        return try settle()
    }

    override final func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(postings[order[0]].advance(to: target)) }
        return try settle()
    }

    override final func advanceApproximation(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(postings[order[0]].advance(to: target)) }
        return doc
    }

    override final func confirm() throws(IndexError) -> Bool {
        if !checked {
            matched = try checkPositions()
            checked = true
        }
        return matched
    }

    /// Moves on from the approximation until a document is confirmed (or the end).
    private func settle() throws(IndexError) -> Int32 {
        while doc != PostingsIterator.exhausted, try !confirm() {
            try approximate(postings[order[0]].next())
        }
        return doc
    }

    /// The approximation: the first document from `start` containing every term (rarest leads).
    private func approximate(_ start: Int32) throws(IndexError) {
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
            break
        }
        doc = candidate
        checked = false
    }

    /// The second phase: whether the terms line up in the current document (skipped, as no
    /// match, when even the frequency bound cannot compete).
    private func checkPositions() throws(IndexError) -> Bool {
        if pruning {
            let bound = norm.score(weight: weight, freq: frequencyBound(), length: norms.length(field, doc))
            if bound <= minCompetitive { return false }
        }
        for i in postings.indices {
            lists[i].removeAll(keepingCapacity: true)
            try postings[i].positions(into: &lists[i])
        }
        frequency = phraseFrequency()
        return frequency > 0
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
