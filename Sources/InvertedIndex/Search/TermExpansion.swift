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
    /// - Complexity: a walk over the field's terms; rows of the edit-distance table are shared
    ///   between terms with a common prefix, and a prefix already too far is skipped.
    func expandFuzzy(_ word: String, field: Field, maxEdits: Int, limit: Int) throws(IndexError) -> [ExpandedTerm] {
        guard !word.isEmpty else { return [] }
        let wordLength = word.unicodeScalars.count
        var found: [[UInt8]: Candidate] = [:]
        // Each term's scalars, decoded into one reused array (no allocation per term).
        var scalars: [Unicode.Scalar] = []
        for (index, segment) in segments.enumerated() {
            var matcher = FuzzyMatcher(word, maxEdits: maxEdits)
            var start: [UInt8]? = [field.rawValue]
            var skipped = 0
            while let from = start {
                start = nil
                let outcome = from.withUnsafeBytes { fromBytes in
                    Result { () throws(IndexError) in
                        try segment.terms.forEachTerm(from: fromBytes) { key, info in
                            guard key.first == field.rawValue else { return false }
                            Self.decodeScalars(UnsafeRawBufferPointer(rebasing: key[1...]), into: &scalars)
                            if let distance = matcher.distance(scalars) {
                                note(Array(key), info, segment: index, in: &found) {
                                    Self.fuzzySimilarity(edits: distance, wordLength: wordLength, termLength: scalars.count)
                                }
                                skipped = 0
                                return true
                            }
                            guard let dead = matcher.deadPrefix else {
                                skipped = 0
                                return true
                            }
                            // Every term with a prefix already too far away fails: after a block's
                            // worth of them (a seek costs about that), skip past the rest.
                            skipped += 1
                            if skipped >= TermDictionaryWriter.blockSize {
                                skipped = 0
                                var prefix = [field.rawValue]
                                for scalar in scalars[..<dead] { prefix.append(contentsOf: String(scalar).utf8) }
                                if key.starts(with: prefix), let next = Self.successor(prefix) {
                                    start = next
                                    return false
                                }
                            }
                            return true
                        }
                    }
                }
                try outcome.get()
            }
        }
        return best(found, limit: limit)
    }

    /// The Unicode scalars of UTF-8 `bytes` into `scalars` (replaced), ill-formed sequences as
    /// U+FFFD.
    static func decodeScalars(_ bytes: UnsafeRawBufferPointer, into scalars: inout [Unicode.Scalar]) {
        scalars.removeAll(keepingCapacity: true)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return
            case .error: scalars.append(Unicode.Scalar(0xFFFD)!)
            }
        }
    }

    /// The smallest key greater than every key starting with `prefix`, or `nil`.
    static func successor(_ prefix: [UInt8]) -> [UInt8]? {
        var key = prefix
        while let last = key.last, last == 0xFF { key.removeLast() }
        guard !key.isEmpty else { return nil }
        key[key.count - 1] += 1
        return key
    }
}

/// Edit distance to a fixed word for a stream of (mostly sorted) terms, reusing the table rows
/// of the common prefix with the previous term.
struct FuzzyMatcher {
    private let query: [Unicode.Scalar]
    private let maxEdits: Int
    private var previous: [Unicode.Scalar] = []
    private var rows: [[Int]]
    /// Rows 1...computed are valid for `previous`.
    private var computed = 0
    /// The first row whose minimum exceeded `maxEdits` (every longer term with that prefix fails).
    private var deadRow: Int?

    /// After ``distance(_:)`` returned `nil` because the term's first `deadPrefix` scalars are
    /// already more than `maxEdits` away: that length (every term with that prefix fails too).
    var deadPrefix: Int? { deadRow }

    init(_ word: String, maxEdits: Int) {
        query = Array(word.unicodeScalars)
        self.maxEdits = maxEdits
        rows = [Array(0...query.count)]
    }

    /// The distance to `term`, or `nil` when it is more than `maxEdits`.
    mutating func distance(_ term: [Unicode.Scalar]) -> Int? {
        var common = 0
        while common < term.count && common < previous.count && term[common] == previous[common] { common += 1 }
        // Copied in place: the caller reuses its array (sharing it would copy on its next write).
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        computed = min(computed, common)
        if let dead = deadRow {
            if dead <= computed { return nil }
            deadRow = nil
        }
        let m = query.count
        while computed < term.count {
            let i = computed + 1
            if rows.count <= i { rows.append([Int](repeating: 0, count: m + 1)) }
            rows[i][0] = i
            var smallest = i
            for j in stride(from: 1, through: m, by: 1) {
                let cost = term[i - 1] == query[j - 1] ? 0 : 1
                var value = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && term[i - 1] == query[j - 2] && term[i - 2] == query[j - 1] {
                    value = min(value, rows[i - 2][j - 2] + 1)
                }
                rows[i][j] = value
                smallest = min(smallest, value)
            }
            computed = i
            if smallest > maxEdits {
                deadRow = i
                return nil
            }
        }
        let result = rows[term.count][m]
        return result <= maxEdits ? result : nil
    }
}
