/// A query the parser rejected, with the 1-based column of the problem.
public struct QuerySyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, e.g. `unclosed quote`.
    public var message: String
    /// 1-based column (in characters) where the problem was found.
    public var column: Int

    public var description: String { "\(message) at column \(column)" }
}

/// Parses the query language:
///
/// | syntax | meaning |
/// |---|---|
/// | `blood transfusion` | either word; ranked by BM25 (`requireAll` makes every word required) |
/// | `"blood transfusion"` | the words at consecutive positions |
/// | `+word`, `+"a phrase"` | required |
/// | `-word`, `-"a phrase"` | excluded |
/// | `title:word`, `title:"a phrase"` | searched in one field (`title`, `text`/`body`) |
public enum QueryParser {
    /// Parses `text`.
    /// - Parameters:
    ///   - text: The query.
    ///   - requireAll: Unmarked words and phrases are required instead of optional.
    /// - Throws: ``QuerySyntaxError`` for an empty query, an unclosed quote, a lone `+`/`-`, or a
    ///   query of only excluded (`-`) clauses, which could match nothing.
    public static func parse(_ text: String, requireAll: Bool = false) throws(QuerySyntaxError) -> Query {
        let characters = Array(text)
        var clauses: [Query.Clause] = []
        var index = 0
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        while index < characters.count {
            if isSpace(characters[index]) {
                index += 1
                continue
            }
            let start = index
            var occur: Query.Occur = requireAll ? .must : .should
            if characters[index] == "+" || characters[index] == "-" {
                occur = characters[index] == "+" ? .must : .mustNot
                index += 1
                if index == characters.count || isSpace(characters[index]) {
                    throw QuerySyntaxError(
                        message: "'\(characters[start])' must be followed by a word or a phrase", column: start + 1)
                }
            }
            var field = Field.text
            // `name:` selects a field only when name is a field; otherwise the colon is text.
            if let colon = characters[index...].prefix(while: { !isSpace($0) && $0 != "\"" }).firstIndex(of: ":"),
                let named = Field(queryName: String(characters[index..<colon])), named != .id
            {
                field = named
                index = colon + 1
                if index == characters.count || isSpace(characters[index]) {
                    throw QuerySyntaxError(message: "'\(field):' must be followed by a word or a phrase", column: colon + 1)
                }
            }
            if characters[index] == "\"" {
                let open = index
                index += 1
                let phraseStart = index
                while index < characters.count && characters[index] != "\"" { index += 1 }
                guard index < characters.count else {
                    throw QuerySyntaxError(message: "unclosed quote", column: open + 1)
                }
                let phrase = String(characters[phraseStart..<index])
                index += 1
                clauses.append(Query.Clause(occur: occur, field: field, kind: .phrase(phrase, slop: 0)))
            } else {
                let wordStart = index
                while index < characters.count && !isSpace(characters[index]) && characters[index] != "\"" {
                    index += 1
                }
                clauses.append(
                    Query.Clause(occur: occur, field: field, kind: .words(String(characters[wordStart..<index]))))
            }
        }
        guard !clauses.isEmpty else { throw QuerySyntaxError(message: "empty query", column: 1) }
        // Only exclusions would silently match nothing (as in Lucene); say so instead.
        guard clauses.contains(where: { $0.occur != .mustNot }) else {
            throw QuerySyntaxError(
                message: "only excluded words; add a word or phrase to search for, e.g. 'jack -hostin'", column: 1)
        }
        return Query(clauses: clauses)
    }
}
