extension BooleanScorer {
    /// The required term and the optional terms, when the query is one required term and
    /// optional terms with no exclusions (`+climate policy`), else nil: such a query can be
    /// collected by ``collectAll(_:_:into:base:deletions:total:threshold:mayPrune:countThreshold:)``.
    var termClauses: (required: TermScorer, optional: [TermScorer])? {
        guard let requiredTerm, excluded.isEmpty, !optional.isEmpty else { return nil }
        var terms: [TermScorer] = []
        terms.reserveCapacity(optional.count)
        for scorer in optional {
            guard let term = scorer as? TermScorer else { return nil }
            terms.append(term)
        }
        return (requiredTerm, terms)
    }

    /// A required term with optional terms: the search loop (what ``IndexReader/search``
    /// does with ``next()`` and ``score()``) over the required term's decoded blocks, the
    /// optional terms' postings advanced directly, with no dynamic call per document. Same
    /// hits, scores (the required score, then each matching optional one, added in order)
    /// and pruning bounds as the generic loop: once `mayPrune` and `countThreshold` allow, a
    /// block-max window whose bound cannot beat the worst kept hit is skipped; where the
    /// required term's window bound alone cannot, only documents an optional term also
    /// matches are visited (the terms leapfrog to them); and a document whose required score
    /// plus the optional terms' window bounds cannot is not looked up in them.
    /// - Parameters:
    ///   - required: ``termClauses``' required term; `optional`: its optional terms. The
    ///     scorers must not have moved yet.
    ///   - base: The segment's first global doc id.
    ///   - deletions: The segment's deleted documents (skipped, not counted).
    ///   - threshold: The minimum competitive score so far (`nil` before pruning starts);
    ///     updated as the collector fills.
    static func collectAll(
        _ required: TermScorer, _ optional: [TermScorer], into collector: inout TopDocsCollector, base: Int32,
        deletions: Deletions?, total: inout Int, threshold: inout Float?, mayPrune: Bool, countThreshold: Int
    ) throws(IndexError) {
        let postings = required.postings
        let count = optional.count
        let clauses = UnsafeMutableBufferPointer<UnmanagedTermClause>.allocate(capacity: count)
        // Each optional term's bound in the window.
        let windowMax = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer {
            clauses.deallocate()
            windowMax.deallocate()
            withExtendedLifetime(optional) {}
        }
        for (k, term) in optional.enumerated() { clauses[k] = UnmanagedTermClause(term, lead: required) }
        windowMax.initialize(repeating: 0)
        var worst = collector.worstScore ?? -.infinity
        var minimum = threshold ?? -.infinity
        var pruning = threshold != nil
        var windowEnd: Int32 = -1
        /// Whether the required term's bound alone cannot compete in the window.
        var needsOptional = false

        /// Counts and collects `doc` (the required term's postings there) unless deleted or,
        /// when pruning, its bound cannot compete.
        @inline(__always)
        func collect(_ doc: Int32, freq: UInt32) throws(IndexError) {
            let length = required.length(doc)
            var score = required.score(freq: freq, length: length)
            if pruning {
                var bound = score
                for k in 0..<count { bound += windowMax[k] }
                if bound <= minimum { return }
            }
            if let deletions, deletions.contains(doc) { return }
            for k in 0..<count where try clauses[k].advance(to: doc) == doc {
                score += clauses[k].score(doc, leadLength: length)
            }
            total += 1
            collector.collect(doc, base: base, score: score, above: &worst)
            if mayPrune && worst > minimum && total >= countThreshold {
                threshold = worst
                minimum = worst
                pruning = true
                // The window's bounds again, against the new minimum.
                windowEnd = -1
            }
        }

        var candidate = try postings.next()
        documents: while candidate != PostingsIterator.exhausted {
            if pruning && candidate > windowEnd {
                windowEnd = required.shallowAdvance(to: candidate)
                for term in optional { windowEnd = min(windowEnd, term.shallowAdvance(to: candidate)) }
                let requiredMax = required.maxScore(upTo: windowEnd)
                var bound = requiredMax
                for k in 0..<count {
                    windowMax[k] = optional[k].maxScore(upTo: windowEnd)
                    bound += windowMax[k]
                }
                if bound <= minimum {
                    candidate = try postings.advance(to: windowEnd + 1)
                    continue
                }
                needsOptional = requiredMax <= minimum
            }
            if pruning && needsOptional {
                // Only documents an optional term also matches can compete: the terms leapfrog.
                var next = PostingsIterator.exhausted
                for k in 0..<count { next = min(next, try clauses[k].advance(to: candidate)) }
                if next != candidate {
                    // Not past the window: beyond it the required bound may compete alone.
                    candidate = try postings.advance(to: min(next, windowEnd + 1))
                    continue
                }
                try collect(candidate, freq: UInt32(postings.freq))
                candidate = try postings.next()
                continue
            }
            let (docs, freqs, start, blockCount) = postings.currentBlock()
            var i = start
            while i < blockCount {
                let doc = Int32(docs[i])
                if pruning && doc > windowEnd {
                    // A new window (or pruning just started, or the minimum rose): bounds first.
                    postings.move(toBlockPosition: i)
                    candidate = doc
                    continue documents
                }
                try collect(doc, freq: freqs[i])
                i += 1
            }
            postings.finishBlock()
            candidate = try postings.next()
        }
    }
}
