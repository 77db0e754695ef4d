/// A document-at-a-time iterator over matching documents with a score for the current one.
/// Subclasses: term, phrase, sloppy phrase, date filter, conjunction, disjunction, and the
/// boolean combination.
///
/// `advance(to:)` with a target at or before the current document leaves it there.
class Scorer {
    /// The current doc id: -1 before the first `next()`, `PostingsIterator.exhausted` after.
    var doc: Int32 = -1

    /// Moves to the next matching document.
    func next() throws(IndexError) -> Int32 { fatalError("abstract") }

    /// Moves to the first matching document ≥ `target`.
    func advance(to target: Int32) throws(IndexError) -> Int32 {
        while doc < target { _ = try next() }
        return doc
    }

    /// The current document's score.
    func score() throws(IndexError) -> Float { 0 }

    /// How the current document's score was made (same arithmetic as ``score()``).
    func explain() throws(IndexError) -> Explanation {
        Explanation(value: try score(), summary: "score")
    }
}

/// One term in one field.
final class TermScorer: Scorer {
    private let postings: PostingsIterator
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    private let field: Field
    private let label: String

    init(
        _ postings: PostingsIterator, weight: Float, norm: BM25.FieldNorm, norms: NormsReader, field: Field,
        label: String
    ) {
        self.postings = postings
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        self.label = label
    }

    override func next() throws(IndexError) -> Int32 {
        doc = try postings.next()
        return doc
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        doc = try postings.advance(to: target)
        return doc
    }

    override func score() -> Float {
        norm.score(weight: weight, freq: Float(postings.freq), length: norms.length(field, doc))
    }

    override func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: Float(postings.freq), length: norms.length(field, doc))
    }
}

/// Documents matching all of its scorers (leapfrogging on `advance`); scores add up.
final class ConjunctionScorer: Scorer {
    let scorers: [Scorer]

    init(_ scorers: [Scorer]) { self.scorers = scorers }

    override func next() throws(IndexError) -> Int32 {
        try align(scorers[0].next())
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try align(scorers[0].advance(to: target))
    }

    private func align(_ start: Int32) throws(IndexError) -> Int32 {
        var candidate = start
        outer: while candidate != PostingsIterator.exhausted {
            for scorer in scorers.dropFirst() {
                let found = try scorer.advance(to: candidate)
                if found != candidate {
                    candidate = try scorers[0].advance(to: found)
                    continue outer
                }
            }
            break
        }
        doc = candidate
        return doc
    }

    override func score() throws(IndexError) -> Float {
        var total: Float = 0
        for scorer in scorers { total += try scorer.score() }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for scorer in scorers { details.append(try scorer.explain()) }
        return .sum("sum of (all required):", details)
    }
}

/// Documents matching any of its scorers; the score adds those that match.
final class DisjunctionScorer: Scorer {
    let scorers: [Scorer]
    private let label: String

    init(_ scorers: [Scorer], label: String = "sum of (any):") {
        self.scorers = scorers
        self.label = label
    }

    override func next() throws(IndexError) -> Int32 {
        try advance(to: doc + 1)
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        var smallest = PostingsIterator.exhausted
        for scorer in scorers {
            let current = scorer.doc < target ? try scorer.advance(to: target) : scorer.doc
            smallest = min(smallest, current)
        }
        doc = smallest
        return doc
    }

    override func score() throws(IndexError) -> Float {
        var total: Float = 0
        for scorer in scorers where scorer.doc == doc { total += try scorer.score() }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for scorer in scorers where scorer.doc == doc { details.append(try scorer.explain()) }
        return .sum(label, details)
    }
}

/// Required scorer(s), optional ones that add to the score, and exclusions.
final class BooleanScorer: Scorer {
    private let required: Scorer
    private let optional: [Scorer]
    private let excluded: [Scorer]

    init(required: Scorer, optional: [Scorer], excluded: [Scorer]) {
        self.required = required
        self.optional = optional
        self.excluded = excluded
    }

    override func next() throws(IndexError) -> Int32 {
        try settle(required.next())
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try settle(required.advance(to: target))
    }

    private func settle(_ start: Int32) throws(IndexError) -> Int32 {
        var candidate = start
        search: while candidate != PostingsIterator.exhausted {
            for scorer in excluded where try scorer.advance(to: candidate) == candidate {
                candidate = try required.next()
                continue search
            }
            break
        }
        doc = candidate
        return doc
    }

    override func score() throws(IndexError) -> Float {
        var total = try required.score()
        for scorer in optional where try scorer.advance(to: doc) == doc { total += try scorer.score() }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details = [try required.explain()]
        for scorer in optional where try scorer.advance(to: doc) == doc { details.append(try scorer.explain()) }
        return .sum("sum of (required + matching optional):", details)
    }
}
