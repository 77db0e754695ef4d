/// Documents matching all of its scorers (leapfrogging on `advance`); scores add up.
///
/// With a minimum competitive score it skips block-max windows: where the sum of the
/// scorers' block bounds cannot beat it, the lead jumps past the window (block-max AND).
final class ConjunctionScorer: Scorer {
    /// The scorers, cheapest first: the first one leads.
    let scorers: [Scorer]

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    @exclusivity(unchecked) private var windowEnd: Int32 = -1
    @exclusivity(unchecked) private var windowMax: Float = 0

    private let table: ScorerTable
    private let count: Int

    init(_ scorers: [Scorer]) {
        self.scorers = scorers
        count = scorers.count
        table = ScorerTable(scorers)
    }

    deinit { table.deallocate() }

    override func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        return try align(scorers[0].advanceApproximation(to: doc + 1))
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try align(scorers[0].advanceApproximation(to: target))
    }

    /// Leapfrogs the approximations to a common document, then confirms it (two-phase: a
    /// phrase reads positions only where every other clause matches).
    private func align(_ start: Int32) throws(IndexError) -> Int32 {
        let lead = table[0]
        var candidate = start
        outer: while candidate != PostingsIterator.exhausted {
            if pruning {
                if candidate > windowEnd {
                    windowEnd = shallowAdvance(to: candidate)
                    windowMax = maxScore(upTo: windowEnd)
                }
                if windowMax <= minCompetitive {
                    candidate = try lead.advanceApproximation(to: windowEnd + 1)
                    continue outer
                }
            }
            for i in 1..<count {
                let found = try table[i].advanceApproximation(to: candidate)
                if found != candidate {
                    candidate = try lead.advanceApproximation(to: found)
                    continue outer
                }
            }
            for i in 0..<count where try !table[i].confirm() {
                candidate = try lead.advanceApproximation(to: candidate + 1)
                continue outer
            }
            break
        }
        doc = candidate
        return doc
    }

    override func score() throws(IndexError) -> Float {
        var total: Float = 0
        for i in 0..<count { total += try table[i].score() }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for scorer in scorers { details.append(try scorer.explain()) }
        return .sum("sum of (all required):", details)
    }

    override var cost: Int { scorers[0].cost }

    override func maxScore() -> Float {
        var total: Float = 0
        for scorer in scorers { total += scorer.maxScore() }
        return total
    }

    override func shallowAdvance(to target: Int32) -> Int32 {
        var end = PostingsIterator.exhausted - 1
        for scorer in scorers { end = min(end, scorer.shallowAdvance(to: target)) }
        return end
    }

    override func maxScore(upTo: Int32) -> Float {
        var total: Float = 0
        for scorer in scorers { total += scorer.maxScore(upTo: upTo) }
        return total
    }

    override func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
        windowEnd = -1
    }
}
