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

    @exclusivity(unchecked) private var pruning = false
    @exclusivity(unchecked) private var minCompetitive: Float = 0
    @exclusivity(unchecked) private var windowEnd: Int32 = -1
    /// Each scorer's bound in the window (by scorer index).
    @exclusivity(unchecked) private var windowMax: [Float]
    /// Scorer indices by increasing window bound; `order[essentialStart...]` are essential.
    @exclusivity(unchecked) private var order: [Int]
    @exclusivity(unchecked) private var essentialStart = 0
    @exclusivity(unchecked) private var nonEssentialBound: Float = 0
    /// Each scorer's score at the current document (valid where its doc equals `doc`).
    @exclusivity(unchecked) private var scores: [Float]
    @exclusivity(unchecked) private var currentScore: Float = 0
    /// Whether `currentScore` is the current document's (set by the pruning path).
    @exclusivity(unchecked) private var scored = false

    init(_ scorers: [Scorer], label: String = "sum of (any):") {
        self.scorers = scorers
        self.label = label
        windowMax = [Float](repeating: 0, count: scorers.count)
        order = Array(scorers.indices)
        scores = [Float](repeating: 0, count: scorers.count)
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
        for scorer in scorers {
            let current = scorer.doc < target ? try scorer.advance(to: target) : scorer.doc
            smallest = min(smallest, current)
        }
        doc = smallest
        return doc
    }

    /// Block-max MaxScore: the next document ≥ `target` that may score more than θ, scored.
    private func advancePruning(to target: Int32) throws(IndexError) -> Int32 {
        var target = target
        while target != PostingsIterator.exhausted {
            if target > windowEnd { updateWindow(target) }
            if essentialStart == order.count {
                target = windowEnd + 1  // nothing in this window can compete
                continue
            }
            var candidate = PostingsIterator.exhausted
            for k in essentialStart..<order.count {
                let scorer = scorers[order[k]]
                let found = scorer.doc < target ? try scorer.advance(to: target) : scorer.doc
                candidate = min(candidate, found)
            }
            if candidate > windowEnd {
                target = windowEnd + 1
                continue
            }
            var partial: Float = 0
            for k in essentialStart..<order.count {
                let index = order[k]
                if scorers[index].doc == candidate {
                    scores[index] = try scorers[index].score()
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
                let scorer = scorers[index]
                remaining -= windowMax[index]
                let found = scorer.doc < candidate ? try scorer.advance(to: candidate) : scorer.doc
                if found == candidate {
                    scores[index] = try scorer.score()
                    partial += scores[index]
                }
                k -= 1
            }
            var total: Float = 0
            if competitive {
                for index in scorers.indices where scorers[index].doc == candidate { total += scores[index] }
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
        let previousEssentials = essentialStart < order.count ? essentialStart : 0
        var end = PostingsIterator.exhausted - 1
        for k in order.indices {
            let blockEnd = scorers[order[k]].shallowAdvance(to: target)
            if k >= previousEssentials { end = min(end, blockEnd) }
        }
        windowEnd = end
        for index in scorers.indices { windowMax[index] = scorers[index].maxScore(upTo: windowEnd) }
        // Insertion sort: few scorers, and the order changes little between windows.
        for i in 1..<max(order.count, 1) {
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
        for bound in windowMax { whole += bound }
        if whole <= minCompetitive {
            essentialStart = order.count
            return
        }
        // Partial sums in bound order: with the margin.
        var sum: Float = 0
        essentialStart = 0
        while essentialStart < order.count
            && ScoreBound.inflate(sum + windowMax[order[essentialStart]]) <= minCompetitive
        {
            sum += windowMax[order[essentialStart]]
            essentialStart += 1
        }
        nonEssentialBound = sum
    }

    override func score() throws(IndexError) -> Float {
        if scored { return currentScore }
        var total: Float = 0
        for scorer in scorers where scorer.doc == doc { total += try scorer.score() }
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
