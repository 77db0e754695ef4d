/// A document-at-a-time iterator over matching documents with a score for the current one.
/// Subclasses: term, phrase, sloppy phrase, date filter, conjunction, disjunction, and the
/// boolean combination.
///
/// `advance(to:)` with a target at or before the current document leaves it there.
///
/// Dynamic pruning: ``maxScore()``, ``shallowAdvance(to:)`` and ``maxScore(upTo:)`` give upper
/// bounds of ``score()`` (never below the Float score the scorer computes, see
/// ``ScoreBound``), and ``setMinCompetitiveScore(_:)`` lets a scorer skip documents whose score
/// cannot exceed the given one. Documents are visited in doc-id order and ties rank by doc id,
/// so a later document needs a score strictly greater than the collector's worst kept hit.
class Scorer {
    /// The current doc id: -1 before the first `next()`, `PostingsIterator.exhausted` after.
    @exclusivity(unchecked) var doc: Int32 = -1

    /// Moves to the next matching document.
    func next() throws(IndexError) -> Int32 { fatalError("abstract") }

    /// Moves to the first matching document ≥ `target`.
    func advance(to target: Int32) throws(IndexError) -> Int32 {
        while doc < target { _ = try next() }
        return doc
    }

    /// Two-phase iteration, first phase: moves to the first document ≥ `target` of a cheap
    /// superset of the matches (a phrase's documents containing all its terms). Check it with
    /// ``confirm()`` before scoring. By default, ``advance(to:)`` (exact).
    func advanceApproximation(to target: Int32) throws(IndexError) -> Int32 { try advance(to: target) }

    /// Two-phase iteration, second phase: whether the current document really matches.
    func confirm() throws(IndexError) -> Bool { true }

    /// Whether the scorer matches `target` (≥ the current document), checking the cheap
    /// approximation first.
    final func matches(_ target: Int32) throws(IndexError) -> Bool {
        guard try advanceApproximation(to: target) == target else { return false }
        return try confirm()
    }

    /// The current document's score.
    func score() throws(IndexError) -> Float { 0 }

    /// How the current document's score was made (same arithmetic as ``score()``).
    func explain() throws(IndexError) -> Explanation {
        Explanation(value: try score(), summary: "score")
    }

    /// An upper bound of ``score()`` over every document; infinity when unknown.
    func maxScore() -> Float { .infinity }

    /// Prepares bounds for documents ≥ `target` (never decreasing between calls) and returns
    /// the last doc id of the range over which the current bound holds (a block's end).
    func shallowAdvance(to target: Int32) -> Int32 { PostingsIterator.exhausted - 1 }

    /// An upper bound of ``score()`` for documents from the last ``shallowAdvance(to:)``
    /// target through `upTo`.
    func maxScore(upTo: Int32) -> Float { maxScore() }

    /// From now on only documents scoring more than `score` are wanted; the scorer may skip
    /// the others (it may still return some). Called with non-decreasing values.
    func setMinCompetitiveScore(_ score: Float) {}
}

/// Upper bounds are exact where they are summed like the scores they bound: BM25's Float
/// form is monotone in tf and dl (``BM25/FieldNorm/score(weight:freq:length:)``), and a Float
/// sum is monotone in each operand, so a bound added up in the scorers' own order (with
/// non-matching clauses contributing their bound ≥ 0 instead of nothing) is at least the
/// score. Sums taken in another order (MaxScore's partition) or thresholds made by subtraction
/// use these relative margins of 10⁻⁵ (hundreds of ulps) instead.
enum ScoreBound {
    /// `value` raised by the margin.
    @inline(__always)
    static func inflate(_ value: Float) -> Float { value * (1 + 1e-5) }

    /// `value` lowered by the margin.
    @inline(__always)
    static func deflate(_ value: Float) -> Float { value - abs(value) * 1e-5 }
}

/// One term in one field.
final class TermScorer: Scorer {
    let postings: PostingsIterator
    private let weight: Float
    private let norm: BM25.FieldNorm
    private let norms: NormsReader
    let field: Field
    private let label: String

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    /// The postings block last found competitive (so each block is checked once).
    @exclusivity(unchecked) private var checkedBlock = -1
    @exclusivity(unchecked) private var shallowBlock = 0
    @exclusivity(unchecked) private var cachedMaxScore: Float = -1
    @exclusivity(unchecked) private var tailBound: Float = -1
    /// The full block whose bound ``blockBound(_:)`` computed last, and that bound.
    @exclusivity(unchecked) private var boundBlock = -1
    @exclusivity(unchecked) private var boundValue: Float = 0

    /// A fuzzy expansion's similarity and idf, whose product is `weight` (for explanations).
    private let boost: (factor: Float, idf: Float)?

    init(
        _ postings: PostingsIterator, weight: Float, norm: BM25.FieldNorm, norms: NormsReader, field: Field,
        label: String, boost: (factor: Float, idf: Float)? = nil
    ) {
        self.boost = boost
        self.postings = postings
        self.weight = weight
        self.norm = norm
        self.norms = norms
        self.field = field
        self.label = label
    }

    override func next() throws(IndexError) -> Int32 {
        doc = try postings.next()
        if pruning && postings.block != checkedBlock { try skipUncompetitiveBlocks() }
        return doc
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        doc = try postings.advance(to: target)
        if pruning && postings.block != checkedBlock { try skipUncompetitiveBlocks() }
        return doc
    }

    /// A term has no second phase: its approximation is ``advance(to:)`` (overridden so
    /// conjunctions reach it in one dynamic call).
    override func advanceApproximation(to target: Int32) throws(IndexError) -> Int32 {
        doc = try postings.advance(to: target)
        if pruning && postings.block != checkedBlock { try skipUncompetitiveBlocks() }
        return doc
    }

    /// A lone term query's search loop over its postings (what ``IndexReader/search`` does
    /// with ``next()`` and ``score()``, a block at a time): every document is counted and
    /// scored into `collector` unless, once `mayPrune` and `countThreshold` allow, its block's
    /// bound cannot beat the worst kept hit. Same hits and scores as the generic loop.
    /// - Parameters:
    ///   - base: The segment's first global doc id.
    ///   - threshold: The minimum competitive score so far (`nil` before pruning starts);
    ///     updated as the collector fills.
    func collectAll(
        into collector: inout TopDocsCollector, base: Int32, total: inout Int, threshold: inout Float?, mayPrune: Bool,
        countThreshold: Int
    ) throws(IndexError) {
        if let threshold { setMinCompetitiveScore(threshold) }
        var worst = collector.worstScore ?? -.infinity
        while try next() != PostingsIterator.exhausted {
            let (docs, freqs, start, count) = postings.currentBlock()
            // Every document of the block is read (unless pruning stops it): one check of the
            // norms pages for the block, not one a document.
            let lengths = norms.lengths(field, from: Int32(docs[start]), through: Int32(docs[count - 1]))
            var i = start
            while i < count {
                let doc = Int32(docs[i])
                total += 1
                let score = norm.score(weight: weight, termFrequency: freqs[i], length: lengths[doc])
                collector.collect(doc, base: base, score: score, above: &worst)
                if mayPrune && worst > (threshold ?? -.infinity) && total >= countThreshold {
                    threshold = worst
                    setMinCompetitiveScore(worst)
                    // The rest of this block only if its bound still beats the new worst.
                    if blockBound(postings.block) <= worst { break }
                }
                i += 1
            }
            postings.finishBlock()
            self.doc = postings.doc
        }
    }

    /// For a parent that checks each of this term's documents against a bound first (a
    /// disjunction in which it is the only essential scorer, a boolean query's required term):
    /// moves to the first document ≥ `target` that passes the check — its score `s` plus
    /// `others[0]`, `others[1]`, … added in that order (then raised by ``ScoreBound/inflate(_:)``
    /// when `inflated`) is greater than `minimum` — or to the first one after `end`, scoring a
    /// decoded block at a time (no dynamic call per document). The documents passed over are
    /// exactly those the parent would reject after scoring them one by one.
    func advanceToCompetitive(
        _ target: Int32, through end: Int32, others: UnsafePointer<Float>, otherCount: Int, inflated: Bool,
        minimum: Float
    ) throws(IndexError) -> Int32 {
        var current = try advance(to: target)
        while current <= end {
            let (docs, freqs, start, count) = postings.currentBlock()
            var i = start
            while i < count {
                let candidate = Int32(docs[i])
                if candidate > end { break }
                var bound = norm.score(weight: weight, termFrequency: freqs[i], length: norms.length(field, candidate))
                for k in 0..<otherCount { bound += others[k] }
                if (inflated ? ScoreBound.inflate(bound) : bound) > minimum { break }
                i += 1
            }
            if i < count {
                postings.move(toBlockPosition: i)
                doc = postings.doc
                return doc
            }
            postings.finishBlock()
            current = try next()
        }
        return current
    }

    /// Moves past whole blocks whose bound is at most the minimum competitive score.
    private func skipUncompetitiveBlocks() throws(IndexError) {
        while doc != PostingsIterator.exhausted {
            let block = postings.block
            if block == checkedBlock { return }
            if blockBound(block) > minCompetitive {
                checkedBlock = block
                return
            }
            doc = try postings.advance(to: postings.blockLastDoc(block) + 1)
        }
    }

    override func score() -> Float {
        norm.score(weight: weight, termFrequency: UInt32(postings.freq), length: norms.length(field, doc))
    }

    /// The length of ``field`` in `doc`, for ``score(freq:length:)``.
    @inline(__always)
    func length(_ doc: Int32) -> UInt32 { norms.length(field, doc) }

    /// The score with term frequency `freq` in a document of ``field`` length `length` (what
    /// ``score()`` computes there), for parents that walk ``postings`` themselves.
    @inline(__always)
    func score(freq: UInt32, length: UInt32) -> Float {
        norm.score(weight: weight, termFrequency: freq, length: length)
    }

    override func explain() -> Explanation {
        norm.explain(label, weight: weight, freq: Float(postings.freq), length: norms.length(field, doc), boost: boost)
    }

    /// The bound of block `number` (the tail at `blockCount`; 0 past it).
    private func blockBound(_ number: Int) -> Float {
        if number < postings.blockCount {
            // Windows are cut at the nearest block end of any clause, so a parent asks for a
            // long block's bound once per window inside it: remembered.
            if number == boundBlock { return boundValue }
            // Each document is under one of the corners: the larger corner score bounds them all.
            let corners = postings.blockCorners(number)
            boundValue = max(
                norm.score(weight: weight, termFrequency: corners.low.maxFreq, length: corners.low.minLength),
                norm.score(weight: weight, termFrequency: corners.high.maxFreq, length: corners.high.minLength))
            boundBlock = number
            return boundValue
        }
        guard number == postings.blockCount, postings.hasTail else { return 0 }
        if tailBound < 0 {
            // The same arithmetic as score(): the tail's largest score, exactly.
            let (norm, weight, norms, field) = (norm, weight, norms, field)
            let score = { (freq: UInt32, doc: Int32) in
                norm.score(weight: weight, termFrequency: freq, length: norms.length(field, doc))
            }
            tailBound = postings.decodedTailMaxScore(score) ?? postings.tailMaxScore(score) ?? .infinity
        }
        return tailBound
    }

    override func maxScore() -> Float {
        if cachedMaxScore < 0 {
            var bound: Float = 0
            for number in 0...postings.blockCount { bound = max(bound, blockBound(number)) }
            cachedMaxScore = bound
        }
        return cachedMaxScore
    }

    override func shallowAdvance(to target: Int32) -> Int32 {
        // Several parents may look ahead on one scorer: restart from the iterator's own block
        // when asked about a target before the one asked last.
        if shallowBlock > 0 && postings.blockLastDoc(shallowBlock - 1) >= target {
            shallowBlock = max(postings.block, 0)
        }
        shallowBlock = postings.block(containing: target, from: shallowBlock)
        return postings.blockLastDoc(shallowBlock)
    }

    override func maxScore(upTo: Int32) -> Float {
        var bound: Float = 0
        var number = shallowBlock
        while number <= postings.blockCount {
            bound = max(bound, blockBound(number))
            if postings.blockLastDoc(number) >= upTo { break }
            number += 1
        }
        return bound
    }

    override func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
        checkedBlock = -1
    }
}
