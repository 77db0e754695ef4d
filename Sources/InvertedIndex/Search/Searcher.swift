import Tokenizer

/// How a search counts and what it computes besides the top hits.
public struct SearchOptions: Sendable, Hashable {
    /// Count every matching document (``SearchResults/totalHits`` exact), which means
    /// scoring every match. When `false` the search prunes dynamically (block-max MaxScore
    /// for disjunctions, block-max AND for conjunctions, phrase positions read only for
    /// documents that can still compete) once ``countThreshold`` documents matched, and the
    /// count may then be a lower bound (``SearchResults/totalHitsIsExact``), as in Lucene.
    /// The hits are the same either way.
    public var exactCount: Bool

    /// Without ``exactCount``: the documents counted exactly before pruning may start
    /// (Lucene's default is 1,000; 0 prunes as soon as the top hits are full).
    public var countThreshold: Int

    /// Also return the analyzed terms of the query's positive clauses, prefix and fuzzy words
    /// expanded (``SearchResults/highlightTerms``), for snippets — without analyzing the
    /// query or expanding its words a second time.
    public var collectHighlightTerms: Bool

    /// Creates options.
    public init(exactCount: Bool = true, countThreshold: Int = 1_000, collectHighlightTerms: Bool = false) {
        self.exactCount = exactCount
        self.countThreshold = countThreshold
        self.collectHighlightTerms = collectHighlightTerms
    }
}

extension IndexReader {
    /// Runs `query` and returns the best hits.
    ///
    /// - Parameters:
    ///   - query: The query (see ``QueryParser``).
    ///   - limit: Hits to return.
    ///   - offset: Hits to skip first (paging).
    ///   - bm25: The similarity's parameters.
    ///   - options: Counting options (an exact count disables pruning).
    /// - Returns: The hits, best first (equal scores by doc id), and the number of matching
    ///   documents.
    /// - Throws: ``IndexError`` when a file turns out damaged.
    /// - Complexity: Proportional to the postings of the query's terms when counting exactly;
    ///   with pruning, to the blocks and documents that can still enter the top hits. Plus the
    ///   dictionary walk of prefix and fuzzy expansions.
    public func search(
        _ query: Query, limit: Int = 10, offset: Int = 0, bm25: BM25 = BM25(), options: SearchOptions = SearchOptions()
    ) throws(IndexError) -> SearchResults {
        var collector = TopDocsCollector(capacity: max(0, limit) + max(0, offset))
        var total = 0
        let pruning = !options.exactCount && collector.capacity > 0
        // Once the collector is full, a later document (larger id) must score strictly more
        // than its worst hit to enter; scorers may skip documents that cannot.
        var threshold: Float? = nil
        var highlightTerms: Set<[UInt8]> = []
        if let weight = try weigh(query) {
            if options.collectHighlightTerms { positiveTerms(weight, into: &highlightTerms) }
            let statistics = self.statistics
            for (index, segment) in segments.enumerated() {
                guard let scorer = try makeScorer(weight, segment: index, statistics: statistics, bm25: bm25) else {
                    continue
                }
                try collect(
                    scorer, in: segment, base: bases[index], into: &collector, total: &total, threshold: &threshold,
                    mayPrune: pruning, countThreshold: options.countThreshold)
                try segment.throwIfDamaged()
            }
        }
        let sorted = collector.sorted()
        return SearchResults(
            totalHits: total, hits: offset > 0 ? Array(sorted.dropFirst(offset)) : sorted,
            totalHitsIsExact: threshold == nil, highlightTerms: highlightTerms)
    }

    /// How `doc`'s score for `query` is made, with the numbers the search used; `nil` when
    /// the document does not match (or is deleted).
    /// - Parameters:
    ///   - query: The query.
    ///   - doc: A global doc id of this reader, e.g. from a ``SearchHit``.
    ///   - bm25: The similarity's parameters (as given to the search).
    /// - Throws: ``IndexError`` when a file turns out damaged.
    public func explain(_ query: Query, doc: Int32, bm25: BM25 = BM25()) throws(IndexError) -> Explanation? {
        try explain(query, docs: [doc], bm25: bm25)[0]
    }

    /// ``explain(_:doc:bm25:)`` for several documents, weighing the query (term lookups,
    /// prefix and fuzzy expansion) once.
    /// - Returns: One explanation per doc, in order; `nil` where a doc does not match.
    public func explain(_ query: Query, docs: [Int32], bm25: BM25 = BM25()) throws(IndexError) -> [Explanation?] {
        guard let weight = try weigh(query) else { return docs.map { _ in nil } }
        var explanations: [Explanation?] = []
        for doc in docs { explanations.append(try explain(weight, doc: doc, bm25: bm25)) }
        return explanations
    }

    /// ``explain(_:doc:bm25:)`` with the query already weighed.
    func explain(_ weight: GroupWeight, doc: Int32, bm25: BM25 = BM25()) throws(IndexError) -> Explanation? {
        guard doc >= 0 else { return nil }
        let (index, local) = locate(doc)
        let segment = segments[index]
        guard local < Int32(segment.info.docCount), !segment.isDeleted(local),
            let scorer = try makeScorer(weight, segment: index, statistics: statistics, bm25: bm25, explaining: true),
            try scorer.advance(to: local) == local
        else { return nil }
        let explanation = try scorer.explain()
        try segment.throwIfDamaged()
        return explanation
    }

    /// The scorer of a group in the segment at `index`, or `nil` when nothing there can match.
    /// Only `explaining` scorers get their labels (strings made for explanations alone).
    func makeScorer(
        _ group: GroupWeight, segment index: Int, statistics: CollectionStatistics, bm25: BM25,
        explaining: Bool = false
    ) throws(IndexError) -> Scorer? {
        var required: [Scorer] = []
        // Index-wide costs (the same in every segment, so every segment and a merged index
        // add the scores in one order and get identical Floats).
        var requiredCosts: [Int] = []
        var filters: [Scorer] = []
        var optional: [Scorer] = []
        var excluded: [Scorer] = []
        var hasOptional = false
        for member in group.clauses {
            let (occur, weight) = (member.occur, member.weight)
            let scorer = try makeScorer(weight, segment: index, statistics: statistics, bm25: bm25, explaining: explaining)
            if case .date = weight, occur != .mustNot {
                guard let scorer else { return nil }
                filters.append(scorer)
                continue
            }
            switch occur {
            case .must:
                guard let scorer else { return nil }
                if required.isEmpty {
                    // Room for every clause at once (reserving before knowing any matches
                    // would allocate for queries that match nothing).
                    required.reserveCapacity(group.clauses.count)
                    requiredCosts.reserveCapacity(group.clauses.count)
                }
                required.append(scorer)
                requiredCosts.append(indexCost(weight))
            case .should:
                hasOptional = true
                if let scorer { optional.append(scorer) }
            case .mustNot:
                if let scorer { excluded.append(scorer) }
            }
        }
        if required.isEmpty {
            // Without required clauses one optional clause must match (if there are any).
            if hasOptional {
                guard !optional.isEmpty else { return nil }
                required.append(optional.count == 1 ? optional[0] : DisjunctionScorer(optional))
                requiredCosts.append(documentCount)
                optional = []
            }
        }
        // The cheapest clause leads a conjunction (stable: equal costs keep query order). An
        // insertion sort in place: conjunctions are short.
        if required.count > 1 {
            for i in 1..<required.count {
                var j = i
                while j > 0 && requiredCosts[j - 1] > requiredCosts[j] {
                    required.swapAt(j - 1, j)
                    requiredCosts.swapAt(j - 1, j)
                    j -= 1
                }
            }
        }
        required += filters
        // Only exclusions match nothing, as in Lucene.
        guard !required.isEmpty else { return nil }
        let all = required.count == 1 ? required[0] : ConjunctionScorer(required)
        if optional.isEmpty && excluded.isEmpty { return all }
        return BooleanScorer(required: all, optional: optional, excluded: excluded)
    }

    /// A clause's cost for ordering a conjunction, from index-wide statistics: a term's or
    /// phrase's smallest document frequency; other clauses count as matching everything.
    private func indexCost(_ weight: ClauseWeight) -> Int {
        if case .terms(let clause) = weight { return clause.cost }
        return documentCount
    }

    private func makeScorer(
        _ weight: ClauseWeight, segment index: Int, statistics: CollectionStatistics, bm25: BM25, explaining: Bool
    ) throws(IndexError) -> Scorer? {
        let segment = segments[index]
        switch weight {
        case .group(let group):
            return try makeScorer(group, segment: index, statistics: statistics, bm25: bm25, explaining: explaining)
        case .date(let from, let to):
            return DateFilterScorer(norms: segment.norms, docCount: segment.info.docCount, from: from, to: to)
        case .expansion(let field, let origin, let terms):
            let norm = BM25.FieldNorm(bm25, averageLength: statistics.averageLength(field))
            var scorers: [Scorer] = []
            for term in terms {
                guard let info = term.infos[index] else { continue }
                scorers.append(
                    TermScorer(
                        try segment.postings(info), weight: term.weight, norm: norm, norms: segment.norms, field: field,
                        label: explaining ? "\(field):\(termText(term.key))" : "",
                        boost: term.boost == 1 ? nil : (term.boost, term.idf)))
            }
            if scorers.isEmpty { return nil }
            return DisjunctionScorer(scorers, label: explaining ? origin.label(field) : "")
        case .terms(let clause) where !clause.isPhrase:
            // One term: no array of iterators.
            guard let info = clause.info(0, segment: index) else { return nil }
            return TermScorer(
                try segment.postings(info), weight: clause.idf,
                norm: BM25.FieldNorm(bm25, averageLength: statistics.averageLength(clause.field)), norms: segment.norms,
                field: clause.field, label: explaining ? clause.label : "")
        case .terms(let clause):
            var iterators: [PostingsIterator] = []
            iterators.reserveCapacity(clause.keys.count)
            for key in clause.keys.indices {
                guard let info = clause.info(key, segment: index) else { return nil }
                iterators.append(try segment.postings(info))
            }
            let norm = BM25.FieldNorm(bm25, averageLength: statistics.averageLength(clause.field))
            let label = explaining ? clause.label : ""
            if clause.isPhrase && clause.slop > 0 {
                return SloppyPhraseScorer(
                    iterators, offsets: clause.offsets, slop: clause.slop, weight: clause.idf, norm: norm,
                    norms: segment.norms, field: clause.field, label: label)
            }
            return PhraseScorer(
                iterators, offsets: clause.offsets, weight: clause.idf, norm: norm, norms: segment.norms,
                field: clause.field, label: label)
        }
    }

    /// The analyzed terms of the query's positive clauses (prefix and fuzzy words expanded),
    /// for highlighting. A search with ``SearchOptions/collectHighlightTerms`` returns the same
    /// set without weighing the query again.
    public func highlightTerms(_ query: Query) -> Set<[UInt8]> {
        var terms: Set<[UInt8]> = []
        if let weight = try? weigh(query) { positiveTerms(weight, into: &terms) }
        return terms
    }
}
