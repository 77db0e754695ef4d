/// A token of the query language, with its 1-based column.
struct QueryToken: Equatable {
    enum Kind: Equatable {
        case open, close
        /// `AND`, `OR`, `NOT` (upper case only).
        case and, or, not
        /// `+` or `-` directly before a clause.
        case plus, minus
        /// A word, prefix, fuzzy word, phrase or date range, possibly with a field.
        case unit(Query.Clause)
    }
    var kind: Kind
    var column: Int
}

/// Splits query text into ``QueryToken``s. Words end at white space, `(`, `)` and `"`.
struct QueryLexer {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) { characters = Array(text) }

    private func error(_ message: String, at index: Int) -> QuerySyntaxError {
        QuerySyntaxError(message: message, column: index + 1)
    }

    private func isDelimiter(_ c: Character) -> Bool { c.isWhitespace || c == "(" || c == ")" || c == "\"" }

    /// All tokens of the text.
    mutating func tokens() throws(QuerySyntaxError) -> [QueryToken] {
        var result: [QueryToken] = []
        while index < characters.count {
            let c = characters[index]
            let start = index
            if c.isWhitespace {
                index += 1
            } else if c == "(" || c == ")" {
                index += 1
                result.append(QueryToken(kind: c == "(" ? .open : .close, column: start + 1))
            } else if c == "+" || c == "-" {
                index += 1
                if index == characters.count || characters[index].isWhitespace || characters[index] == ")" {
                    throw error("'\(c)' must be followed by a word or a phrase", at: start)
                }
                result.append(QueryToken(kind: c == "+" ? .plus : .minus, column: start + 1))
            } else if c == "\"" {
                let kind = try phrase(field: .text)
                result.append(QueryToken(kind: .unit(Query.Clause(field: .text, kind: kind)), column: start + 1))
            } else {
                while index < characters.count && !isDelimiter(characters[index]) { index += 1 }
                let word = String(characters[start..<index])
                switch word {
                case "AND": result.append(QueryToken(kind: .and, column: start + 1))
                case "OR": result.append(QueryToken(kind: .or, column: start + 1))
                case "NOT": result.append(QueryToken(kind: .not, column: start + 1))
                default: result.append(QueryToken(kind: .unit(try unit(word, start: start)), column: start + 1))
                }
            }
        }
        return result
    }

    /// A quoted phrase at `index`, with an optional `~N`.
    private mutating func phrase(field: Field) throws(QuerySyntaxError) -> Query.Kind {
        let open = index
        index += 1
        while index < characters.count && characters[index] != "\"" { index += 1 }
        guard index < characters.count else { throw error("unclosed quote", at: open) }
        let text = String(characters[(open + 1)..<index])
        index += 1
        var slop = 0
        if index < characters.count && characters[index] == "~" {
            let tilde = index
            index += 1
            let digits = index
            while index < characters.count && characters[index].isASCII && characters[index].isNumber { index += 1 }
            guard index > digits, let value = Int(String(characters[digits..<index])), value <= 1000 else {
                throw error("'~' after a phrase needs a slop from 0 to 1000", at: tilde)
            }
            slop = value
        }
        return .phrase(text, slop: slop)
    }

    /// A word token (already read, starting at `start`): field prefix, then its kind.
    private mutating func unit(_ word: String, start: Int) throws(QuerySyntaxError) -> Query.Clause {
        var field = Field.text
        var body = Substring(word)
        var bodyStart = start
        if let colon = word.firstIndex(of: ":") {
            let name = String(word[..<colon])
            let nameLength = name.count
            if name.lowercased() == "date" {
                return Query.Clause(occur: .must, kind: try dateRange(String(word[word.index(after: colon)...]), at: start + nameLength + 1))
            }
            if let named = Field(queryName: name), named != .id {
                field = named
                body = word[word.index(after: colon)...]
                bodyStart = start + nameLength + 1
                if body.isEmpty {
                    guard index < characters.count && characters[index] == "\"" else {
                        throw error("'\(name):' must be followed by a word or a phrase", at: start + nameLength)
                    }
                    return Query.Clause(field: field, kind: try phrase(field: field))
                }
            }
        }
        return Query.Clause(field: field, kind: try Self.classify(String(body), at: bodyStart))
    }

    /// `word~N` is fuzzy, `word*` a prefix, anything else words.
    static func classify(_ word: String, at start: Int) throws(QuerySyntaxError) -> Query.Kind {
        if let tilde = word.lastIndex(of: "~") {
            let digits = word[word.index(after: tilde)...]
            if digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                let base = String(word[..<tilde])
                guard !base.isEmpty else {
                    throw QuerySyntaxError(message: "'~' needs a word before it", column: start + 1)
                }
                guard digits.count <= 1, let edits = digits.isEmpty ? 2 : Int(digits), edits <= 2 else {
                    throw QuerySyntaxError(
                        message: "fuzzy edit distance must be 0, 1 or 2", column: start + base.count + 1)
                }
                return .fuzzy(base, maxEdits: edits)
            }
        }
        if word.hasSuffix("*") {
            guard word.count > 1 else { throw QuerySyntaxError(message: "'*' needs a prefix before it", column: start + 1) }
            return .prefix(String(word.dropLast()))
        }
        return .words(word)
    }

    /// `FROM..TO`, `FROM..`, `..TO` or one day; dates are `YYYY-MM-DD`.
    private func dateRange(_ text: String, at start: Int) throws(QuerySyntaxError) -> Query.Kind {
        let parts: [String]
        let chars = Array(text)
        if let dots = chars.indices.first(where: { $0 + 1 < chars.count && chars[$0] == "." && chars[$0 + 1] == "." }) {
            parts = [String(chars[..<dots]), String(chars[(dots + 2)...])]
        } else {
            parts = [text, text]
        }
        var dates: [DocumentDate?] = []
        var column = start
        for (i, part) in parts.enumerated() {
            if part.isEmpty {
                dates.append(nil)
            } else if let date = DocumentDate(part) {
                dates.append(date)
            } else {
                throw error("invalid date '\(part)' (expected YYYY-MM-DD)", at: column)
            }
            if i == 0 { column += part.count + 2 }
        }
        guard dates[0] != nil || dates[1] != nil else {
            throw error("a date range needs a start or an end, e.g. date:2021-01-01..", at: start)
        }
        if let from = dates[0], let to = dates[1], to < from {
            throw error("the date range ends before it starts", at: start)
        }
        return .dateRange(from: dates[0], to: dates[1])
    }
}
