/// Documents matching all of its scorers (leapfrogging on `advance`); scores add up.
///
/// Binary: a lead and one other scorer, which for three or more clauses is itself a
/// conjunction of the rest (children in stored properties, not an array, cost no reference
/// counting per call). Two-phase throughout: the approximations leapfrog to a common
/// document, then each child confirms it (a phrase reads positions only there).
///
/// With a minimum competitive score it skips block-max windows: where the sum of the
/// scorers' block bounds cannot beat it, the lead jumps past the window (block-max AND); and
/// when the lead is a term (its score needs no confirmation), a lead document whose score plus
/// the others' window bound cannot beat it is passed over before the others move to it.
final class ConjunctionScorer: Scorer {
    /// The cheapest scorer: it proposes candidates.
    let lead: Scorer
    /// The rest (a conjunction when there are several).
    let other: Scorer

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    @exclusivity(unchecked) private var windowEnd: Int32 = -1
    @exclusivity(unchecked) private var windowMax: Float = 0
    /// The bound of `other` in the window.
    @exclusivity(unchecked) private var otherWindowMax: Float = 0
    /// The lead when it is a term: its score at an approximate match is final (not two-phase).
    /// Unmanaged: `lead` keeps it alive, and binding a strong reference per candidate retained
    /// and released it.
    private let leadTerm: Unmanaged<TermScorer>?

    /// - Parameter scorers: At least two, cheapest first.
    init(_ scorers: [Scorer]) {
        precondition(scorers.count >= 2, "a conjunction needs two scorers")
        lead = scorers[0]
        other = scorers.count == 2 ? scorers[1] : ConjunctionScorer(Array(scorers[1...]))
        leadTerm = (scorers[0] as? TermScorer).map { Unmanaged.passUnretained($0) }
    }

    override func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        try approximate(lead.advanceApproximation(to: doc + 1))
        return try settle()
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(lead.advanceApproximation(to: target)) }
        return try settle()
    }

    override func advanceApproximation(to target: Int32) throws(IndexError) -> Int32 {
        if doc < target { try approximate(lead.advanceApproximation(to: target)) }
        return doc
    }

    override func confirm() throws(IndexError) -> Bool {
        guard try lead.confirm() else { return false }
        return try other.confirm()
    }

    /// Moves on from the approximation until both children confirm a document (or the end).
    private func settle() throws(IndexError) -> Int32 {
        while doc != PostingsIterator.exhausted, try !confirm() {
            try approximate(lead.advanceApproximation(to: doc + 1))
        }
        return doc
    }

    /// Leapfrogs the approximations from `start` to a common document, skipping block-max
    /// windows that cannot compete.
    private func approximate(_ start: Int32) throws(IndexError) {
        var candidate = start
        while candidate != PostingsIterator.exhausted {
            if pruning {
                if candidate > windowEnd {
                    windowEnd = shallowAdvance(to: candidate)
                    let leadMax = lead.maxScore(upTo: windowEnd)
                    otherWindowMax = other.maxScore(upTo: windowEnd)
                    windowMax = leadMax + otherWindowMax  // as maxScore(upTo:) and score() add
                }
                if windowMax <= minCompetitive {
                    candidate = try lead.advanceApproximation(to: windowEnd + 1)
                    continue
                }
                // Exact: score() adds the other's score, at most its bound, to this same value.
                if let leadTerm, leadTerm._withUnsafeGuaranteedRef({ $0.score() }) + otherWindowMax <= minCompetitive {
                    // The same check over the rest of the window, a decoded block at a time.
                    var others = otherWindowMax
                    let (start, end, minimum) = (candidate + 1, windowEnd, minCompetitive)
                    candidate = try leadTerm.withGuaranteedReference { (term) throws(IndexError) in
                        try term.advanceToCompetitive(
                            start, through: end, others: &others, otherCount: 1, inflated: false, minimum: minimum)
                    }
                    continue
                }
            }
            let found = try other.advanceApproximation(to: candidate)
            if found == candidate { break }
            candidate = try lead.advanceApproximation(to: found)
        }
        doc = candidate
    }

    override func score() throws(IndexError) -> Float {
        try lead.score() + other.score()
    }

    override func explain() throws(IndexError) -> Explanation {
        .sum("sum of (all required):", [try lead.explain(), try other.explain()])
    }

    override func maxScore() -> Float { lead.maxScore() + other.maxScore() }

    override func shallowAdvance(to target: Int32) -> Int32 {
        min(lead.shallowAdvance(to: target), other.shallowAdvance(to: target))
    }

    /// Summed as ``score()`` sums, so the bound is exact.
    override func maxScore(upTo: Int32) -> Float { lead.maxScore(upTo: upTo) + other.maxScore(upTo: upTo) }

    override func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
        windowEnd = -1
    }
}
