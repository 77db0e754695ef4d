extension IndexReader {
    /// The most prefix expansions a `prefix*` clause uses.
    public static let maxPrefixExpansions = 128
    /// The most fuzzy expansions a `word~N` clause uses.
    public static let maxFuzzyExpansions = 64

    /// A candidate term of an expansion: its rank value and its dictionary entry in each
    /// segment (by segment index; `nil`: absent), kept from the walk so the term is not looked
    /// up again for its document frequency or its postings.
    private struct Candidate {
        var similarity: Float
        var infos: [TermInfo?]
    }

    /// Records `key` (met in segment `index` with `info`) when `accept` gives it a similarity.
    private func note(
        _ key: [UInt8], _ info: TermInfo, segment index: Int, in found: inout [[UInt8]: Candidate],
        accept: () -> Float?
    ) {
        if found[key] != nil {
            found[key]!.infos[index] = info
        } else if let similarity = accept() {
            var infos = [TermInfo?](repeating: nil, count: segments.count)
            infos[index] = info
            found[key] = Candidate(similarity: similarity, infos: infos)
        }
    }

    /// Keeps the `limit` best candidates with live documents: by similarity (higher first),
    /// then more documents, then term order; weighs each with its idf × similarity.
    private func best(_ candidates: [[UInt8]: Candidate], limit: Int) -> [ExpandedTerm] {
        var scored: [(key: [UInt8], candidate: Candidate, df: Int)] = []
        for (key, candidate) in candidates {
            var df = 0
            for (index, info) in candidate.infos.enumerated() {
                if let info { df += segments[index].liveDocFreq(key, info) }
            }
            if df > 0 { scored.append((key, candidate, df)) }
        }
        scored.sort {
            $0.candidate.similarity != $1.candidate.similarity ? $0.candidate.similarity > $1.candidate.similarity
                : $0.df != $1.df ? $0.df > $1.df : $0.key.lexicographicallyPrecedes($1.key)
        }
        return scored.prefix(limit).map {
            ExpandedTerm(
                key: $0.key, idf: BM25.idf(docFreq: $0.df, documentCount: documentCount),
                boost: $0.candidate.similarity, infos: $0.candidate.infos)
        }
    }

    /// Terms starting with `prefix` (a key: field byte + bytes), the `limit` with most live
    /// documents (ties in term order), each at full weight (boost 1).
    /// - Complexity: O(t log t) for the t terms with the prefix, over all segments.
    func expandPrefix(_ prefix: [UInt8], limit: Int) throws(IndexError) -> [ExpandedTerm] {
        guard prefix.count > 1 else { return [] }
        var found: [[UInt8]: Candidate] = [:]
        for (index, segment) in segments.enumerated() {
            let outcome = prefix.withUnsafeBytes { startBytes in
                Result { () throws(IndexError) in
                    try segment.terms.forEachTerm(from: startBytes) { key, info in
                        guard key.starts(with: prefix) else { return false }
                        note(Array(key), info, segment: index, in: &found) { 1 }
                        return true
                    }
                }
            }
            try outcome.get()
        }
        return best(found, limit: limit)
    }

    /// How much a fuzzy expansion counts, as Lucene's `FuzzyQuery` scores it:
    /// `1 − edits / min(length of word, length of term)` (lengths in Unicode scalars), 1 for
    /// the word itself. `nil` when that is not positive (e.g. `ab~2` reaching `x`): such a term
    /// shares too little with the word to count, and is not an expansion.
    static func fuzzySimilarity(edits: Int, wordLength: Int, termLength: Int) -> Float? {
        if edits == 0 { return 1 }
        let similarity = 1 - Float(edits) / Float(Swift.min(wordLength, termLength))
        return similarity > 0 ? similarity : nil
    }

    /// Terms of `field` within `maxEdits` Damerau–Levenshtein (optimal string alignment) edits
    /// of `word`, counted in Unicode scalars, each boosted by ``fuzzySimilarity(edits:wordLength:termLength:)``:
    /// the `limit` most similar, then most frequent.
    /// - Complexity: a ``FuzzyWalk`` per segment, seeking past every prefix already too far
    ///   from the word: proportional to the terms near the word, not to the dictionary.
    func expandFuzzy(_ word: String, field: Field, maxEdits: Int, limit: Int) throws(IndexError) -> [ExpandedTerm] {
        guard !word.isEmpty else { return [] }
        let wordLength = word.unicodeScalars.count
        // A term `edits` > 0 away counts only when edits < the word's length (its similarity
        // is positive), so the walk can use that tighter bound: the same terms, fewer visited.
        var walk = FuzzyWalk(word, maxEdits: Swift.min(maxEdits, wordLength - 1))
        var found: [[UInt8]: Candidate] = [:]
        for (index, segment) in segments.enumerated() {
            try walk.run(segment.terms, field: field.rawValue) { key, info, distance, length in
                note(Array(key), info, segment: index, in: &found) {
                    Self.fuzzySimilarity(edits: distance, wordLength: wordLength, termLength: length)
                }
            }
        }
        return best(found, limit: limit)
    }
}
