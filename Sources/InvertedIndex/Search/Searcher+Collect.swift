extension IndexReader {
    /// Counts `scorer`'s documents in one segment and collects the best into `collector`:
    /// the shapes that have a bulk loop (a lone term, a conjunction of terms, a lone phrase, a
    /// required term with optional terms) use it, the others go document by document through
    /// ``Scorer/next()`` and ``Scorer/score()``. Every path gives the same hits and scores.
    /// - Parameters:
    ///   - base: The segment's first global doc id.
    ///   - threshold: The minimum competitive score so far (`nil` before pruning starts);
    ///     updated once `mayPrune` and `countThreshold` documents counted allow.
    func collect(
        _ scorer: Scorer, in segment: SegmentReader, base: Int32, into collector: inout TopDocsCollector,
        total: inout Int, threshold: inout Float?, mayPrune: Bool, countThreshold: Int
    ) throws(IndexError) {
        if let term = scorer as? TermScorer, segment.deletions == nil {
            return try term.collectAll(
                into: &collector, base: base, total: &total, threshold: &threshold, mayPrune: mayPrune,
                countThreshold: countThreshold)
        }
        if let conjunction = scorer as? ConjunctionScorer, let terms = conjunction.terms {
            return try ConjunctionScorer.collectAll(
                terms, into: &collector, base: base, deletions: segment.deletions, total: &total,
                threshold: &threshold, mayPrune: mayPrune, countThreshold: countThreshold)
        }
        if let phrase = scorer as? PositionalScorer {
            return try phrase.collectAll(
                into: &collector, base: base, deletions: segment.deletions, total: &total, threshold: &threshold,
                mayPrune: mayPrune, countThreshold: countThreshold)
        }
        if let boolean = scorer as? BooleanScorer, let (required, optional) = boolean.termClauses {
            return try BooleanScorer.collectAll(
                required, optional, into: &collector, base: base, deletions: segment.deletions, total: &total,
                threshold: &threshold, mayPrune: mayPrune, countThreshold: countThreshold)
        }
        if let threshold { scorer.setMinCompetitiveScore(threshold) }
        var worst = collector.worstScore ?? -.infinity
        while try scorer.next() != PostingsIterator.exhausted {
            if segment.isDeleted(scorer.doc) { continue }
            total += 1
            let score = try scorer.score()
            collector.collect(scorer.doc, base: base, score: score, above: &worst)
            if mayPrune && worst > (threshold ?? -.infinity) && total >= countThreshold {
                threshold = worst
                scorer.setMinCompetitiveScore(worst)
            }
        }
    }
}
