/// A parsed query: clauses that must, should or must not match, each a word, phrase, prefix,
/// fuzzy word, date range or nested group. Build one with ``QueryParser`` from text, or directly.
///
/// Scoring (see ``BM25``): a document's score is the sum of the scores of its matching
/// `must` and `should` clauses. With at least one scoring `must` clause, `should` clauses only
/// add to the score; without one, a document must match at least one `should` clause (when
/// there is any). A date range is a filter: it must match (or, as `mustNot`, must not) and adds
/// nothing to the score; it does not make the `should` clauses optional. A group scores as the
/// sum of its matching clauses, by the same rules.
public struct Query: Sendable, Hashable, CustomStringConvertible {
    /// How a clause takes part.
    public enum Occur: Sendable, Hashable {
        /// Optional; adds to the score (plain words).
        case should
        /// Required (`+word`, `a AND b`).
        case must
        /// Excluded (`-word`, `NOT word`).
        case mustNot
    }

    /// What a clause matches.
    public indirect enum Kind: Sendable, Hashable {
        /// The text is analyzed; one token is a term query, several (e.g. `e-mail`) a phrase.
        case words(String)
        /// The analyzed tokens in order (`"exact phrase"`); with `slop` > 0 (`"a b"~2`) they
        /// may be up to `slop` moves apart (the definition is in `Search/SloppyPhraseScorer.swift`).
        case phrase(String, slop: Int)
        /// Terms beginning with the folded text (`transfus*`), at most
        /// ``IndexReader/maxPrefixExpansions`` of them, scored as a disjunction.
        case prefix(String)
        /// Terms within `maxEdits` (0–2) Damerau–Levenshtein edits of the folded text
        /// (`teigan~1`), at most ``IndexReader/maxFuzzyExpansions``, scored as a disjunction.
        case fuzzy(String, maxEdits: Int)
        /// Documents dated within the closed range; an open end is `nil`. A filter: no score.
        case dateRange(from: DocumentDate?, to: DocumentDate?)
        /// A parenthesized sub-query.
        case group(Query)
    }

    /// One clause.
    public struct Clause: Sendable, Hashable {
        /// How the clause takes part.
        public var occur: Occur
        /// The field searched (ignored by date ranges and groups).
        public var field: Field
        /// What it matches.
        public var kind: Kind

        /// Creates a clause.
        public init(occur: Occur = .should, field: Field = .text, kind: Kind) {
            self.occur = occur
            self.field = field
            self.kind = kind
        }
    }

    /// The clauses, in query order.
    public var clauses: [Clause]

    /// Creates a query from clauses.
    public init(clauses: [Clause]) { self.clauses = clauses }

    /// The query in the query language (parsing it gives this query back).
    public var description: String {
        clauses.map { clause in
            var text = ""
            switch clause.occur {
            case .should: break
            case .must: if !clause.kind.isDateRange { text += "+" }
            case .mustNot: text += "-"
            }
            func fielded(_ word: String) -> String {
                if clause.field != .text || Self.needsExplicitField(word) { return "\(clause.field):\(word)" }
                return word
            }
            switch clause.kind {
            case .words(let words): text += fielded(words)
            case .phrase(let phrase, let slop):
                text += (clause.field != .text ? "\(clause.field):" : "") + "\"\(phrase)\"" + (slop > 0 ? "~\(slop)" : "")
            case .prefix(let prefix): text += fielded(prefix + "*")
            case .fuzzy(let word, let edits): text += fielded(word + "~\(edits)")
            case .dateRange(let from, let to):
                text += "date:\(from?.description ?? "")..\(to?.description ?? "")"
            case .group(let query): text += "(\(query.description))"
            }
            return text
        }.joined(separator: " ")
    }

    /// Whether a word would read as something else without a `text:` in front.
    static func needsExplicitField(_ word: String) -> Bool {
        word.first == "+" || word.first == "-" || word.contains(":") || word == "AND" || word == "OR" || word == "NOT"
    }
}

extension Query.Kind {
    var isDateRange: Bool {
        if case .dateRange = self { return true }
        return false
    }
}
