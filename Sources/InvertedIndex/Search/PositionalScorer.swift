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
    }

    /// The phrase frequency in the current document from `lists`; 0 when it does not match.
    func phraseFrequency() -> Float { fatalError("abstract") }

    override final func next() throws(IndexError) -> Int32 {
        try confirm(postings[0].next())
    }

    override final func advance(to target: Int32) throws(IndexError) -> Int32 {
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
            for i in postings.indices {
                lists[i].removeAll(keepingCapacity: true)
                try postings[i].positions(into: &lists[i])
            }
            frequency = phraseFrequency()
            if frequency > 0 { break }
            candidate = try postings[0].next()
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
}
