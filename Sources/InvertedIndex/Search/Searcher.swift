import Tokenizer

/// A query clause after analysis, with its index-wide weight.
struct WeightedClause {
    var occur: Query.Occur
    var field: Field
    /// Term keys (field byte + term) and each token's position relative to the first.
    var keys: [[UInt8]]
    var offsets: [Int32]
    /// BM25 idf (summed over a phrase's terms).
    var weight: Float
    /// Whether positions must line up (phrase) or the clause is a single term.
    var isPhrase: Bool
}

extension IndexReader {
    /// Runs `query` and returns the best hits.
    ///
    /// - Parameters:
    ///   - query: The query (see ``QueryParser``).
    ///   - limit: Hits to return.
    ///   - offset: Hits to skip first (paging).
    ///   - bm25: The similarity's parameters.
    /// - Returns: The hits, best first, and the exact number of matching documents.
    /// - Complexity: Proportional to the postings of the query's terms (exhaustive evaluation).
    public func search(_ query: Query, limit: Int = 10, offset: Int = 0, bm25: BM25 = BM25()) throws(IndexError)
        -> SearchResults
    {
        let clauses = try weigh(query)
        let statistics = self.statistics
        var collector = TopDocsCollector(capacity: max(0, limit) + max(0, offset))
        var total = 0
        for (index, segment) in segments.enumerated() {
            guard let scorer = try makeScorer(clauses, segment: segment, statistics: statistics, bm25: bm25) else {
                continue
            }
            let base = bases[index]
            while try scorer.next() != PostingsIterator.exhausted {
                if segment.isDeleted(scorer.doc) { continue }
                total += 1
                collector.collect(SearchHit(doc: base + scorer.doc, score: try scorer.score()))
            }
        }
        return SearchResults(totalHits: total, hits: Array(collector.sorted().dropFirst(max(0, offset))))
    }

    /// Analyzes the clauses and computes their idf from index-wide statistics.
    func weigh(_ query: Query) throws(IndexError) -> [WeightedClause] {
        let documentCount = documentCount
        var result: [WeightedClause] = []
        for clause in query.clauses {
            let text: String
            var isPhrase = false
            switch clause.kind {
            case .words(let words): text = words
            case .phrase(let phrase, _):
                text = phrase
                isPhrase = true
            }
            var keys: [[UInt8]] = []
            var positions: [Int32] = []
            analyzer.forEachToken(in: text) { token in
                keys.append([clause.field.rawValue] + Array(token.term))
                positions.append(Int32(token.position))
            }
            guard !keys.isEmpty else { continue }
            var weight: Float = 0
            for key in keys {
                weight += BM25.idf(docFreq: try docFreq(key), documentCount: documentCount)
            }
            let offsets = positions.map { $0 - positions[0] }
            result.append(
                WeightedClause(
                    occur: clause.occur, field: clause.field, keys: keys, offsets: offsets, weight: weight,
                    isPhrase: isPhrase || keys.count > 1))
        }
        return result
    }

    /// The scorer of the clauses in one segment, or `nil` when nothing there can match.
    private func makeScorer(
        _ clauses: [WeightedClause], segment: SegmentReader, statistics: CollectionStatistics, bm25: BM25
    ) throws(IndexError) -> Scorer? {
        var required: [Scorer] = []
        var optional: [Scorer] = []
        var excluded: [Scorer] = []
        for clause in clauses {
            let scorer = try makeScorer(clause, segment: segment, statistics: statistics, bm25: bm25)
            switch clause.occur {
            case .must:
                guard let scorer else { return nil }
                required.append(scorer)
            case .should:
                if let scorer { optional.append(scorer) }
            case .mustNot:
                if let scorer { excluded.append(scorer) }
            }
        }
        if required.isEmpty {
            // A query of exclusions alone matches nothing, as in Lucene.
            guard !optional.isEmpty else { return nil }
            let union = optional.count == 1 ? optional[0] : DisjunctionScorer(optional)
            return excluded.isEmpty ? union : BooleanScorer(required: union, optional: [], excluded: excluded)
        }
        let all = required.count == 1 ? required[0] : ConjunctionScorer(required)
        if optional.isEmpty && excluded.isEmpty { return all }
        return BooleanScorer(required: all, optional: optional, excluded: excluded)
    }

    private func makeScorer(
        _ clause: WeightedClause, segment: SegmentReader, statistics: CollectionStatistics, bm25: BM25
    ) throws(IndexError) -> Scorer? {
        var iterators: [PostingsIterator] = []
        for key in clause.keys {
            guard let info = try segment.termInfo(key) else { return nil }
            iterators.append(try segment.postings(info))
        }
        let norm = BM25.FieldNorm(bm25, averageLength: statistics.averageLength(clause.field))
        if clause.isPhrase {
            return PhraseScorer(
                iterators, offsets: clause.offsets, weight: clause.weight, norm: norm, norms: segment.norms,
                field: clause.field)
        }
        return TermScorer(iterators[0], weight: clause.weight, norm: norm, norms: segment.norms, field: clause.field)
    }

    /// The analyzed terms of the query's positive clauses, for highlighting.
    public func highlightTerms(_ query: Query) -> Set<[UInt8]> {
        var terms: Set<[UInt8]> = []
        for clause in query.clauses where clause.occur != .mustNot {
            switch clause.kind {
            case .words(let text), .phrase(let text, _):
                analyzer.forEachToken(in: text) { terms.insert(Array($0.term)) }
            }
        }
        return terms
    }
}
