/// Documents matching any of its scorers; the score adds those that match, in scorer order
/// (so pruned and exhaustive evaluation give identical Float scores).
///
/// With a minimum competitive score θ it evaluates by block-max MaxScore: the doc ids are cut
/// into windows (up to the nearest block end of any scorer); in each window the scorers are
/// ordered by their block bound, and the longest prefix whose bounds sum to at most θ is
/// "non-essential" — a document matching only those cannot compete, so candidates come from
/// the essential scorers alone, and the non-essential ones are checked (best bound first)
/// only while the candidate can still beat θ. A window whose bounds sum to at most θ is
/// skipped entirely.
final class DisjunctionScorer: Scorer {
    let scorers: [Scorer]
    private let label: String
    private let count: Int
    /// The scorers again, read without reference counting (`scorers` keeps them alive); the
    /// per-scorer state below is in fixed buffers for the same reason (no uniqueness checks).
    private let refs: UnsafeMutablePointer<Unmanaged<Scorer>>
    /// The scorers that are terms (else `nil`), by scorer index.
    private let terms: UnsafeMutablePointer<Unmanaged<TermScorer>?>

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    @exclusivity(unchecked) private var windowEnd: Int32 = -1
    /// Each scorer's bound in the window (by scorer index).
    private let windowMax: UnsafeMutablePointer<Float>
    /// Scorer indices by increasing window bound; `order[essentialStart...]` are essential.
    private let order: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var essentialStart = 0
    @exclusivity(unchecked) private var nonEssentialBound: Float = 0
    /// Each scorer's score at the current document (valid where its doc equals `doc`).
    private let scores: UnsafeMutablePointer<Float>
    @exclusivity(unchecked) private var currentScore: Float = 0
    /// Whether `currentScore` is the current document's (set by the pruning path).
    @exclusivity(unchecked) private var scored = false

    init(_ scorers: [Scorer], label: String = "sum of (any):") {
        self.scorers = scorers
        self.label = label
        count = scorers.count
        refs = .allocate(capacity: max(count, 1))
        windowMax = .allocate(capacity: max(count, 1))
        order = .allocate(capacity: max(count, 1))
        scores = .allocate(capacity: max(count, 1))
        terms = .allocate(capacity: max(count, 1))
        for i in 0..<count {
            (refs + i).initialize(to: Unmanaged.passUnretained(scorers[i]))
            (terms + i).initialize(to: (scorers[i] as? TermScorer).map { Unmanaged.passUnretained($0) })
            windowMax[i] = 0
            order[i] = i
            scores[i] = 0
        }
    }

    deinit {
        refs.deallocate()
        windowMax.deallocate()
        order.deallocate()
        scores.deallocate()
        terms.deallocate()
    }

    @inline(__always)
    private func docOf(_ index: Int) -> Int32 { refs[index]._withUnsafeGuaranteedRef { $0.doc } }

    // Each of these calls a term scorer directly (a final class: inlined, no dynamic call),
    // and any other scorer through the vtable.

    @inline(__always)
    private func advance(_ index: Int, to target: Int32) throws(IndexError) -> Int32 {
        if let term = terms[index] {
            return try term.withGuaranteedReference { term throws(IndexError) in
                term.doc < target ? try term.advance(to: target) : term.doc
            }
        }
        return try refs[index].withGuaranteedReference { scorer throws(IndexError) in
            scorer.doc < target ? try scorer.advance(to: target) : scorer.doc
        }
    }

    @inline(__always)
    private func scoreOf(_ index: Int) throws(IndexError) -> Float {
        if let term = terms[index] { return term._withUnsafeGuaranteedRef { $0.score() } }
        return try refs[index].withGuaranteedReference { scorer throws(IndexError) in try scorer.score() }
    }

    @inline(__always)
    private func shallowAdvance(_ index: Int, to target: Int32) -> Int32 {
        if let term = terms[index] { return term._withUnsafeGuaranteedRef { $0.shallowAdvance(to: target) } }
        return refs[index]._withUnsafeGuaranteedRef { $0.shallowAdvance(to: target) }
    }

    @inline(__always)
    private func maxScore(_ index: Int, upTo end: Int32) -> Float {
        if let term = terms[index] { return term._withUnsafeGuaranteedRef { $0.maxScore(upTo: end) } }
        return refs[index]._withUnsafeGuaranteedRef { $0.maxScore(upTo: end) }
    }

    override func next() throws(IndexError) -> Int32 {
        if doc == PostingsIterator.exhausted { return doc }
        return try advance(to: doc + 1)
    }

    override func advance(to target: Int32) throws(IndexError) -> Int32 {
        if doc >= target { return doc }
        if pruning { return try advancePruning(to: target) }
        scored = false
        var smallest = PostingsIterator.exhausted
        for index in 0..<count { smallest = min(smallest, try advance(index, to: target)) }
        doc = smallest
        return doc
    }

    /// Block-max MaxScore: the next document ≥ `target` that may score more than θ, scored.
    private func advancePruning(to target: Int32) throws(IndexError) -> Int32 {
        var target = target
        while target != PostingsIterator.exhausted {
            if target > windowEnd { updateWindow(target) }
            if essentialStart == count {
                target = windowEnd + 1  // nothing in this window can compete
                continue
            }
            var candidate = PostingsIterator.exhausted
            if essentialStart == count - 1, let term = terms[order[essentialStart]] {
                // One essential term: its documents that fail the first check below are
                // passed over a block at a time.
                var others = nonEssentialBound
                let (minimum, end) = (minCompetitive, windowEnd)
                candidate = try term.withGuaranteedReference { term throws(IndexError) in
                    try term.advanceToCompetitive(
                        target, through: end, others: &others, otherCount: 1, inflated: true, minimum: minimum)
                }
            } else {
                for k in essentialStart..<count { candidate = min(candidate, try advance(order[k], to: target)) }
            }
            if candidate > windowEnd {
                target = windowEnd + 1
                continue
            }
            var partial: Float = 0
            for k in essentialStart..<count {
                let index = order[k]
                if docOf(index) == candidate {
                    scores[index] = try scoreOf(index)
                    partial += scores[index]
                }
            }
            var remaining = nonEssentialBound
            var competitive = true
            var k = essentialStart - 1
            while k >= 0 {
                if ScoreBound.inflate(partial + remaining) <= minCompetitive {
                    competitive = false
                    break
                }
                let index = order[k]
                remaining -= windowMax[index]
                if try advance(index, to: candidate) == candidate {
                    scores[index] = try scoreOf(index)
                    partial += scores[index]
                }
                k -= 1
            }
            var total: Float = 0
            if competitive {
                for index in 0..<count where docOf(index) == candidate { total += scores[index] }
            }
            if !competitive || total <= minCompetitive {
                target = candidate + 1
                continue
            }
            currentScore = total
            scored = true
            doc = candidate
            return doc
        }
        scored = false
        doc = PostingsIterator.exhausted
        return doc
    }

    /// Cuts the window starting at `target` and splits the scorers into (non-)essential ones.
    private func updateWindow(_ target: Int32) {
        // The window ends at the nearest block end of the scorers essential so far (all at
        // first): the others' bounds then span several blocks (valid, a little looser), but
        // windows do not shrink to the densest term's blocks.
        let previousEssentials = essentialStart < count ? essentialStart : 0
        var end = PostingsIterator.exhausted - 1
        for k in 0..<count {
            let blockEnd = shallowAdvance(order[k], to: target)
            if k >= previousEssentials { end = min(end, blockEnd) }
        }
        windowEnd = end
        for index in 0..<count {
            // A scorer is only ever advanced to targets ≤ `target` (targets increase), so one
            // already past the window has no document in it: 0, however large its block bound
            // (a rare term's tail spans every window).
            windowMax[index] = docOf(index) > end ? 0 : maxScore(index, upTo: end)
        }
        // Insertion sort: few scorers, and the order changes little between windows.
        for i in 1..<max(count, 1) {
            let moving = order[i]
            var j = i
            while j > 0 && windowMax[order[j - 1]] > windowMax[moving] {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = moving
        }
        // The whole window, summed as score() sums (exact): skip it if it cannot compete.
        var whole: Float = 0
        for index in 0..<count { whole += windowMax[index] }
        if whole <= minCompetitive {
            essentialStart = count
            return
        }
        // Partial sums in bound order: with the margin.
        var sum: Float = 0
        essentialStart = 0
        while essentialStart < count && ScoreBound.inflate(sum + windowMax[order[essentialStart]]) <= minCompetitive {
            sum += windowMax[order[essentialStart]]
            essentialStart += 1
        }
        nonEssentialBound = sum
    }

    override func score() throws(IndexError) -> Float {
        if scored { return currentScore }
        var total: Float = 0
        for index in 0..<count where docOf(index) == doc { total += try scoreOf(index) }
        return total
    }

    override func explain() throws(IndexError) -> Explanation {
        var details: [Explanation] = []
        for scorer in scorers where scorer.doc == doc { details.append(try scorer.explain()) }
        return .sum(label, details)
    }

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
