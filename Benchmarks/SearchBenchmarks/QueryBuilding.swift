import InvertedIndex
import Tokenizer

/// Queries built from clause lists rather than query-language text.
///
/// The library treats a `.words` clause whose text analyzes to several tokens as a phrase
/// (`e-mail` must match `e mail` in order). The peers harness instead gives every token of a
/// "words" clause its own term clause (Lucene's `QueryBuilder` and tantivy-py do this for
/// the BEIR runs), so a query such as `covid-19 vaccines` is a bag of three words there. To
/// compare like with like, ``wordClauses(_:occur:analyzer:)`` splits the text with the index's
/// analyzer and makes one clause of each token's original text.
enum QueryBuilding {
    /// One `.words` clause per token of `text`, each holding the token's original text (the
    /// library analyzes it again, to the same term).
    /// - Complexity: O(n) in the length of `text`, plus one small `String` per token.
    static func wordClauses(_ text: String, occur: Query.Occur, analyzer: Analyzer) -> [Query.Clause] {
        // ASCII letters and digits alone are one UAX #29 word (no rule breaks between them),
        // so such a text is at most one token, made of all of it: its clause is the text
        // itself, analyzed once, by the search (which drops it if it is a stop word, as this
        // function would).
        if isOneWord(text) { return [Query.Clause(occur: occur, field: .text, kind: .words(text))] }
        var clauses: [Query.Clause] = []
        var copy = text
        copy.withUTF8 { bytes in
            analyzer.forEachToken(in: bytes) { token in
                let original = String(decoding: UnsafeBufferPointer(rebasing: bytes[token.byteRange]), as: UTF8.self)
                clauses.append(Query.Clause(occur: occur, field: .text, kind: .words(original)))
            }
        }
        return clauses
    }

    /// Whether `text` is non-empty ASCII letters and digits only.
    static func isOneWord(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            !bytes.isEmpty
                && bytes.allSatisfy { byte in
                    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                }
        }
    }

    /// A disjunction of every word of `text`, with double quotes, `+` and `-` read as plain
    /// text (BEIR's convention: a question's punctuation is not query syntax).
    static func bagOfWords(_ text: String, analyzer: Analyzer) -> Query {
        Query(clauses: wordClauses(text, occur: .should, analyzer: analyzer))
    }

    /// Whether `query` can match anything: a query of exclusions alone matches nothing (as in
    /// Lucene), and an empty one is skipped instead of searched.
    static func hasPositiveClause(_ query: Query) -> Bool {
        query.clauses.contains { $0.occur != .mustNot }
    }
}
