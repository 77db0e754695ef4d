/// A parsed query: clauses that must, should or must not match, each a word or a phrase in a
/// field. Build one with ``QueryParser`` from text, or directly.
///
/// Scoring (see ``BM25``): a document's score is the sum of the scores of its matching
/// `must` and `should` clauses. With at least one `must` clause, `should` clauses only add to
/// the score; without one, a document must match at least one `should` clause.
public struct Query: Sendable, Hashable, CustomStringConvertible {
    /// How a clause takes part.
    public enum Occur: Sendable, Hashable {
        /// Optional; adds to the score (plain words).
        case should
        /// Required (`+word`).
        case must
        /// Excluded (`-word`).
        case mustNot
    }

    /// What a clause matches.
    public enum Kind: Sendable, Hashable {
        /// The text is analyzed; one token is a term query, several (e.g. `e-mail`) a phrase.
        case words(String)
        /// The analyzed tokens must occur at consecutive positions (`"exact phrase"`);
        /// `slop` is reserved for sloppy phrases and must be 0 for now.
        case phrase(String, slop: Int)
    }

    /// One clause.
    public struct Clause: Sendable, Hashable {
        /// How the clause takes part.
        public var occur: Occur
        /// The field searched.
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
            case .must: text += "+"
            case .mustNot: text += "-"
            }
            if clause.field != .text { text += "\(clause.field):" }
            switch clause.kind {
            case .words(let words): text += words
            case .phrase(let phrase, _): text += "\"\(phrase)\""
            }
            return text
        }.joined(separator: " ")
    }
}
