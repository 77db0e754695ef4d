/// Required scorer(s), optional ones that add to the score, and exclusions (checked by
/// advancing them to each candidate, so they skip ahead with it).
///
/// With a minimum competitive score θ: the required scorer gets θ minus the optional clauses'
/// bound; a block-max window whose required and optional bounds sum to at most θ is skipped;
/// and where the required bound alone is at most θ, an optional clause must match too, so the
/// required scorer leapfrogs to the optional ones. Each remaining candidate's required score
/// plus the optional clauses' window bounds (summed as ``score()`` sums) must beat θ before
/// any exclusion or optional clause is moved to it; the candidates that pass are scored once,
/// there.
final class BooleanScorer: Scorer {
    private let required: Scorer
    /// `required` when it is a term (checked against bounds a block at a time).
    let requiredTerm: TermScorer?
    let optional: [Scorer]
    let excluded: [Scorer]
    /// `optional` then `excluded`, read without reference counting (the arrays keep them).
    private let refs: UnsafeMutablePointer<Unmanaged<Scorer>>
    private let optionalCount: Int
    private let excludedCount: Int

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    @exclusivity(unchecked) private var windowEnd: Int32 = -1
    @exclusivity(unchecked) private var requiredWindowMax: Float = 0
    @exclusivity(unchecked) private var windowMax: Float = 0
    /// Each optional clause's bound in the window.
    private let optionalWindowMax: UnsafeMutablePointer<Float>
    /// The score of `doc` when the pruning path computed it (`scoredDoc == doc`).
    @exclusivity(unchecked) private var currentScore: Float = 0
    @exclusivity(unchecked) private var scoredDoc: Int32 = -1

    init(required: Scorer, optional: [Scorer], excluded: [Scorer]) {
        self.required = required
        requiredTerm = required as? TermScorer
        self.optional = optional
        self.excluded = excluded
        optionalCount = optional.count
        excludedCount = excluded.count
        refs = .allocate(capacity: max(optional.count + excluded.count, 1))
        for (i, scorer) in (optional + excluded).enumerated() { (refs + i).initialize(to: .passUnretained(scorer)) }
        optionalWindowMax = .allocate(capacity: max(optional.count, 1))
        optionalWindowMax.initialize(repeating: 0, count: max(optional.count, 1))
    }

    deinit {
        refs.deallocate()
        optionalWindowMax.deallocate()
    }

    /// Whether scorer `index` of `refs` matches `target`.
    @inline(__always)
    private func matches(_ index: Int, _ target: Int32) throws(IndexError) -> Bool {
        try refs[index].withGuaranteedReference { scorer throws(IndexError) in try scorer.matches(target) }
    }

    /// The score of scorer `index` of `refs` at its document.
    @inline(__always)
    private func scoreOf(_ index: Int) throws(IndexError) -> Float {
        try refs[index].withGuaranteedReference { scorer throws(IndexError) in try scorer.score() }
    }

    /// Whether an exclusion matches `target`.
    @inline(__always)
    private func isExcluded(_ target: Int32) throws(IndexError) -> Bool {
        for index in optionalCount..<optionalCount + excludedCount where try matches(index, target) { return true }
        return false
    }

    override func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        return try settle(required.next())
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        return try settle(required.advance(to: target))
    }

    private func settle(_ start: Int32) throws(IndexError) -> Int32 {
        var candidate = start
        search: while candidate != PostingsIterator.exhausted {
            if pruning && !optional.isEmpty {
                if candidate > windowEnd { updateWindow(candidate) }
                if windowMax <= minCompetitive {
                    candidate = try required.advance(to: windowEnd + 1)
                    continue search
                }
                if requiredWindowMax <= minCompetitive {
                    // Only documents an optional clause also matches can compete.
                    var matched = false
                    var nextOptional = PostingsIterator.exhausted
                    for k in 0..<optionalCount {
                        let found = try refs[k].withGuaranteedReference { scorer throws(IndexError) in
                            try scorer.advanceApproximation(to: candidate)
                        }
                        if found == candidate {
                            let confirmed = try refs[k].withGuaranteedReference { scorer throws(IndexError) in
                                try scorer.confirm()
                            }
                            if confirmed {
                                matched = true
                                break
                            }
                            nextOptional = min(nextOptional, candidate + 1)
                        } else {
                            nextOptional = min(nextOptional, found)
                        }
                    }
                    if !matched {
                        // Not past the window: beyond it the required bound may compete alone.
                        candidate = try required.advance(to: min(nextOptional, windowEnd + 1))
                        continue search
                    }
                }
            }
            if pruning {
                // Exact: the bound adds, in score()'s order, each optional clause's bound where
                // score() adds its score or nothing.
                let requiredScore = try required.score()
                var bound = requiredScore
                for k in 0..<optionalCount { bound += optionalWindowMax[k] }
                if bound <= minCompetitive {
                    if let requiredTerm, optionalCount > 0 {
                        // The same check a block at a time, up to the window's end.
                        candidate = try requiredTerm.advanceToCompetitive(
                            candidate + 1, through: windowEnd, others: optionalWindowMax, otherCount: optionalCount,
                            inflated: false, minimum: minCompetitive)
                    } else {
                        candidate = try required.next()
                    }
                    continue search
                }
                if try isExcluded(candidate) {
                    candidate = try required.next()
                    continue search
                }
                var total = requiredScore
                if optionalCount > 0 {
                    for k in 0..<optionalCount where try matches(k, candidate) { total += try scoreOf(k) }
                    if total <= minCompetitive {
                        candidate = try required.next()
                        continue search
                    }
                }
                currentScore = total
                scoredDoc = candidate
                break
            }
            if try isExcluded(candidate) {
                candidate = try required.next()
                continue search
            }
            break
        }
        doc = candidate
        return doc
    }

    private func updateWindow(_ target: Int32) {
        let end = shallowAdvance(to: target)
        windowEnd = end
        requiredWindowMax = required.maxScore(upTo: end)
        // Summed as score() sums, so the bound is exact.
        var total = requiredWindowMax
        for k in 0..<optionalCount {
            optionalWindowMax[k] = refs[k]._withUnsafeGuaranteedRef { $0.maxScore(upTo: end) }
            total += optionalWindowMax[k]
        }
        windowMax = total
    }

    override func score() throws(IndexError) -> Float {
        if scoredDoc == doc { return currentScore }
        var total = try required.score()
        for k in 0..<optionalCount where try matches(k, doc) { total += try scoreOf(k) }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details = [try required.explain()]
        for scorer in optional where try scorer.matches(doc) { details.append(try scorer.explain()) }
        return .sum("sum of (required + matching optional):", details)
    }

    override func maxScore() -> Float {
        var total = required.maxScore()
        for scorer in optional { total += scorer.maxScore() }
        return total
    }

    override func shallowAdvance(to target: Int32) -> Int32 {
        var end = required.shallowAdvance(to: target)
        for scorer in optional { end = min(end, scorer.shallowAdvance(to: target)) }
        return end
    }

    override func maxScore(upTo: Int32) -> Float {
        var total = required.maxScore(upTo: upTo)
        for scorer in optional { total += scorer.maxScore(upTo: upTo) }
        return total
    }

    override func setMinCompetitiveScore(_ score: Float) {
        pruning = true
        minCompetitive = score
        windowEnd = -1
        var optionalMax: Float = 0
        for scorer in optional { optionalMax += scorer.maxScore() }
        let requiredThreshold = ScoreBound.deflate(score - optionalMax)
        if requiredThreshold > 0 { required.setMinCompetitiveScore(requiredThreshold) }
    }
}
