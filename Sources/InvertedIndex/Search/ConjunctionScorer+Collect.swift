extension ConjunctionScorer {
    /// The conjunction's clauses, lead first, when every one is a term (else nil): such a
    /// conjunction can be collected by ``collectAll(_:into:base:deletions:total:threshold:mayPrune:countThreshold:)``.
    var terms: [TermScorer]? {
        guard let first = lead as? TermScorer else { return nil }
        if let second = other as? TermScorer { return [first, second] }
        guard let rest = (other as? ConjunctionScorer)?.terms else { return nil }
        return [first] + rest
    }

    /// A conjunction of terms' search loop (what ``IndexReader/search`` does with ``next()``
    /// and ``score()``): the lead's decoded block is walked in place and the other terms'
    /// postings are advanced directly, with no dynamic call per candidate. Same hits, scores
    /// (added in the order ``score()`` adds them) and pruning as the generic loop: once
    /// `mayPrune` and `countThreshold` allow, block-max windows whose bound cannot beat the
    /// worst kept hit are skipped, and so are lead documents whose score plus the others'
    /// window bound cannot.
    /// - Parameters:
    ///   - terms: ``terms``, lead first; the scorers must not have moved yet.
    ///   - base: The segment's first global doc id.
    ///   - deletions: The segment's deleted documents (skipped, not counted).
    ///   - threshold: The minimum competitive score so far (`nil` before pruning starts);
    ///     updated as the collector fills.
    static func collectAll(
        _ terms: [TermScorer], into collector: inout TopDocsCollector, base: Int32, deletions: Deletions?,
        total: inout Int, threshold: inout Float?, mayPrune: Bool, countThreshold: Int
    ) throws(IndexError) {
        let lead = terms[0]
        let leadPostings = lead.postings
        let others = Array(terms.dropFirst())
        // The others unretained (`terms` keeps them alive): no reference counting per candidate.
        let clauses = UnsafeMutableBufferPointer<UnmanagedTermClause>.allocate(capacity: others.count)
        defer {
            clauses.deallocate()
            withExtendedLifetime(terms) {}
        }
        for (k, term) in others.enumerated() {
            clauses[k] = UnmanagedTermClause(term, lead: lead)
        }
        let last = clauses.count - 1
        var worst = collector.worstScore ?? -.infinity
        var minimum = threshold ?? -.infinity
        var pruning = threshold != nil
        var windowEnd: Int32 = -1
        /// The others' bound in the window, added as their scores are.
        var othersMax: Float = 0
        var candidate = try leadPostings.next()
        documents: while candidate != PostingsIterator.exhausted {
            if pruning && candidate > windowEnd {
                windowEnd = PostingsIterator.exhausted - 1
                for term in terms { windowEnd = min(windowEnd, term.shallowAdvance(to: candidate)) }
                othersMax = others[last].maxScore(upTo: windowEnd)
                for k in stride(from: last - 1, through: 0, by: -1) {
                    othersMax = others[k].maxScore(upTo: windowEnd) + othersMax
                }
                if lead.maxScore(upTo: windowEnd) + othersMax <= minimum {
                    candidate = try leadPostings.advance(to: windowEnd + 1)
                    continue
                }
            }
            let (docs, freqs, start, count) = leadPostings.currentBlock()
            let blockLast = Int32(docs[count - 1])
            var i = start
            block: while i < count {
                let doc = Int32(docs[i])
                if pruning && doc > windowEnd {
                    // A new window (or pruning just started): bounds first.
                    leadPostings.move(toBlockPosition: i)
                    candidate = doc
                    continue documents
                }
                // Scored first only when that may spare the others' advances.
                var leadScore: Float = 0
                if pruning {
                    leadScore = lead.score(freq: freqs[i], length: lead.length(doc))
                    if leadScore + othersMax <= minimum {
                        i += 1
                        continue
                    }
                }
                for k in 0...last {
                    let found = try clauses[k].advance(to: doc)
                    if found == doc { continue }
                    if found > blockLast {
                        // Past the lead's block: its skip table finds the block.
                        candidate = try leadPostings.advance(to: found)
                        continue documents
                    }
                    i += 1
                    while Int32(docs[i]) < found { i += 1 }
                    continue block
                }
                i += 1
                if let deletions, deletions.contains(doc) { continue }
                let length = lead.length(doc)
                if !pruning { leadScore = lead.score(freq: freqs[i - 1], length: length) }
                var score = clauses[last].score(doc, leadLength: length)
                for k in stride(from: last - 1, through: 0, by: -1) { score = clauses[k].score(doc, leadLength: length) + score }
                score = leadScore + score
                total += 1
                collector.collect(doc, base: base, score: score, above: &worst)
                if mayPrune && worst > minimum && total >= countThreshold {
                    threshold = worst
                    minimum = worst
                    pruning = true
                }
            }
            leadPostings.finishBlock()
            candidate = try leadPostings.next()
        }
    }
}
