import Tokenizer

/// A term or phrase clause after analysis, with its index-wide idf.
struct TermsWeight {
    var field: Field
    /// Term keys (field byte + term) and, for a phrase, each token's position relative to
    /// the first (empty for a lone term, which has no positions to line up).
    var keys: [[UInt8]]
    var offsets: [Int32]
    /// Each key's dictionary entry in each segment (`nil`: absent), looked up once while
    /// weighing: key `k`'s entry in segment `s` at `k × segmentCount + s` (one array for all).
    var infos: [TermInfo?]
    var segmentCount: Int
    /// The smallest index-wide document frequency of the keys (orders conjunctions).
    var cost: Int
    /// BM25 idf (summed over a phrase's terms).
    var idf: Float
    /// Whether positions must line up (phrase) or the clause is a single term.
    var isPhrase: Bool
    var slop: Int

    /// Key `key`'s dictionary entry in the segment at `segment`.
    @inline(__always)
    func info(_ key: Int, segment: Int) -> TermInfo? { infos[key * segmentCount + segment] }

    /// How explanations name it, e.g. `text:"blood transfus"~1` (made only for explanations).
    var label: String {
        let words = keys.map(termText).joined(separator: " ")
        return isPhrase ? "\(field):\"\(words)\"" + (slop > 0 ? "~\(slop)" : "") : "\(field):\(words)"
    }
}

/// What a prefix or fuzzy clause expanded, for its explanation's label.
enum ExpansionOrigin {
    case prefix(String)
    case fuzzy(String, maxEdits: Int)

    /// How explanations name the clause, e.g. `text:transfus* (sum of matching expansions)`.
    func label(_ field: Field) -> String {
        switch self {
        case .prefix(let word): "\(field):\(word)* (sum of matching expansions)"
        case .fuzzy(let word, let maxEdits): "\(field):\(word)~\(maxEdits) (sum of matching expansions)"
        }
    }
}

/// One term of a prefix or fuzzy expansion.
struct ExpandedTerm {
    var key: [UInt8]
    /// BM25 idf from the term's index-wide document frequency.
    var idf: Float
    /// The similarity to the query word (1 for prefix expansions and the word itself), see
    /// ``IndexReader/fuzzySimilarity(edits:wordLength:termLength:)``.
    var boost: Float
    /// The term's dictionary entry in each segment (by segment index; `nil`: absent), from the
    /// expansion's walk.
    var infos: [TermInfo?]

    /// What a match of this term is weighed with: `idf × boost` (one Float product, the same in
    /// the scorer, its bounds and its explanation).
    var weight: Float { boost == 1 ? idf : idf * boost }
}

/// A query clause prepared for scoring: analyzed, expanded, and weighted with index-wide
/// statistics. Scorers and explanations of every segment are built from it.
enum ClauseWeight {
    case terms(TermsWeight)
    /// A prefix or fuzzy word: a disjunction of the expanded terms (maybe none).
    case expansion(field: Field, origin: ExpansionOrigin, terms: [ExpandedTerm])
    case date(from: DocumentDate?, to: DocumentDate?)
    case group(GroupWeight)
}

/// A boolean combination of weighted clauses.
final class GroupWeight {
    /// One weighted clause of a group.
    struct Member {
        var occur: Query.Occur
        var weight: ClauseWeight
    }
    let clauses: [Member]

    init(clauses: [Member]) { self.clauses = clauses }
}

/// The readable form of a term key's term.
func termText(_ key: [UInt8]) -> String { String(decoding: key.dropFirst(), as: UTF8.self) }

extension IndexReader {
    /// Analyzes, expands and weighs `query`; `nil` when no clause has any token (matches nothing).
    /// Clauses whose text analyzes to no token are dropped, as are groups left empty.
    func weigh(_ query: Query) throws(IndexError) -> GroupWeight? {
        var clauses: [GroupWeight.Member] = []
        clauses.reserveCapacity(query.clauses.count)
        for clause in query.clauses {
            if let weight = try weigh(clause) { clauses.append(GroupWeight.Member(occur: clause.occur, weight: weight)) }
        }
        return clauses.isEmpty ? nil : GroupWeight(clauses: clauses)
    }

    private func weigh(_ clause: Query.Clause) throws(IndexError) -> ClauseWeight? {
        let field = clause.field
        switch clause.kind {
        case .words(let text):
            return try weighTerms(text, field: field, isPhrase: false, slop: 0)
        case .phrase(let text, let slop):
            return try weighTerms(text, field: field, isPhrase: true, slop: slop)
        case .prefix(let text):
            guard let word = Self.normalizedWord(text) else { return nil }
            let terms = try expandPrefix([field.rawValue] + word.utf8, limit: Self.maxPrefixExpansions)
            return .expansion(field: field, origin: .prefix(word), terms: terms)
        case .fuzzy(let text, let maxEdits):
            guard let word = Self.normalizedWord(text) else { return nil }
            let terms = try expandFuzzy(word, field: field, maxEdits: maxEdits, limit: Self.maxFuzzyExpansions)
            return .expansion(field: field, origin: .fuzzy(word, maxEdits: maxEdits), terms: terms)
        case .dateRange(let from, let to):
            return .date(from: from, to: to)
        case .group(let query):
            return try weigh(query).map { .group($0) }
        }
    }

    /// A prefix or fuzzy word folded as the analyzers fold (no stemming): `nil` when it has no
    /// word at all, `""` (matching nothing) when it is more than one word.
    static func normalizedWord(_ text: String) -> String? {
        let tokens = Analyzer.simple.tokens(of: text)
        if tokens.isEmpty { return nil }
        return tokens.count == 1 ? tokens[0].term : ""
    }

    private func weighTerms(_ text: String, field: Field, isPhrase: Bool, slop: Int) throws(IndexError)
        -> ClauseWeight?
    {
        var keys: [[UInt8]] = []
        // Positions relative to the first token's, filled from the second token on (a lone
        // term needs none).
        var offsets: [Int32] = []
        var first = 0
        analyzer.forEachToken(in: text) { token in
            if keys.isEmpty {
                first = token.position
            } else {
                if offsets.isEmpty { offsets.append(0) }
                offsets.append(Int32(token.position - first))
            }
            var key: [UInt8] = []
            key.reserveCapacity(token.term.count + 1)
            key.append(field.rawValue)
            key.append(contentsOf: token.term)
            keys.append(key)
        }
        guard !keys.isEmpty else { return nil }
        var idf: Float = 0
        var infos: [TermInfo?] = []
        infos.reserveCapacity(keys.count * segments.count)
        var cost = Int.max
        let documentCount = self.documentCount
        for key in keys {
            var docFreq = 0
            for segment in segments {
                let info = try segment.termInfo(key)
                if let info { docFreq += segment.liveDocFreq(key, info) }
                infos.append(info)
            }
            idf += BM25.idf(docFreq: docFreq, documentCount: documentCount)
            cost = min(cost, docFreq)
        }
        let phrase = isPhrase || keys.count > 1
        if phrase && offsets.isEmpty { offsets = [0] }
        return .terms(
            TermsWeight(
                field: field, keys: keys, offsets: offsets, infos: infos, segmentCount: segments.count, cost: cost,
                idf: idf, isPhrase: phrase, slop: phrase ? slop : 0))
    }

    /// The term keys of the positive clauses (for highlighting), without the field byte.
    func positiveTerms(_ group: GroupWeight, into terms: inout Set<[UInt8]>) {
        for member in group.clauses where member.occur != .mustNot {
            switch member.weight {
            case .terms(let w): for key in w.keys { terms.insert(Array(key.dropFirst())) }
            case .expansion(_, _, let expanded): for term in expanded { terms.insert(Array(term.key.dropFirst())) }
            case .date: break
            case .group(let inner): positiveTerms(inner, into: &terms)
            }
        }
    }
}
