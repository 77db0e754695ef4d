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
/// | `"blood transfusion"~2` | the words at most 2 moves apart (sloppy phrase) |
/// | `+word`, `+"a phrase"`, `+(a b)` | required |
/// | `-word`, `NOT word` | excluded |
/// | `a AND b`, `a OR b`, `a NOT b` | both, either, `a` without `b`; `AND` binds tighter than `OR` |
/// | `(a OR b) AND c` | groups nest; a group scores as the sum of its matching clauses |
/// | `title:word`, `title:"a phrase"` | searched in one field (`title`, `text`/`body`) |
/// | `transfus*` | terms with the prefix (at most 128, the most frequent) |
/// | `teigan~1`, `teigan~` | terms within 1 (default 2) edits (at most 64, the closest) |
/// | `date:2020-09-01..2020-10-31`, `date:2021-01-01..`, `date:..2020-12-31` | a date filter |
public enum QueryParser {
    /// How deep parentheses may nest.
    public static let maximumDepth = 64

    /// Parses `text`.
    /// - Parameters:
    ///   - text: The query.
    ///   - requireAll: Juxtaposed clauses are joined by `AND` instead of `OR`, so unmarked
    ///     words and phrases are required.
    /// - Throws: ``QuerySyntaxError`` naming the column for an empty query, an unclosed quote, an
    ///   unbalanced parenthesis, a lone `+`/`-`/`AND`/`OR`/`NOT`, an invalid date, a fuzzy
    ///   distance above 2, or a query (or group) of only excluded clauses, which could match
    ///   nothing.
    /// - Complexity: O(n) in the length of `text`.
    public static func parse(_ text: String, requireAll: Bool = false) throws(QuerySyntaxError) -> Query {
        var lexer = QueryLexer(text)
        var parser = Parser(tokens: try lexer.tokens(), requireAll: requireAll, end: text.count + 1)
        guard !parser.tokens.isEmpty else { throw QuerySyntaxError(message: "empty query", column: 1) }
        let query = try parser.parseOr(depth: 0, groupColumn: 1)
        if parser.index < parser.tokens.count {
            throw QuerySyntaxError(message: "unbalanced parenthesis", column: parser.tokens[parser.index].column)
        }
        return query
    }

    private struct Operand {
        var occur: Query.Occur?
        var clause: Query.Clause
    }

    private struct Parser {
        let tokens: [QueryToken]
        let requireAll: Bool
        let end: Int
        var index = 0

        init(tokens: [QueryToken], requireAll: Bool, end: Int) {
            self.tokens = tokens
            self.requireAll = requireAll
            self.end = end
        }

        var column: Int { index < tokens.count ? tokens[index].column : end }

        /// OR-separated branches of AND-joined operands, up to `)` or the end.
        mutating func parseOr(depth: Int, groupColumn: Int) throws(QuerySyntaxError) -> Query {
            var branches: [[Operand]] = [[try operand(depth: depth)]]
            loop: while index < tokens.count {
                switch tokens[index].kind {
                case .close: break loop
                case .or:
                    index += 1
                    branches.append([try operand(depth: depth, after: "OR")])
                case .and:
                    index += 1
                    branches[branches.count - 1].append(try operand(depth: depth, after: "AND"))
                default:
                    let next = try operand(depth: depth)
                    if requireAll { branches[branches.count - 1].append(next) } else { branches.append([next]) }
                }
            }
            func clause(_ operand: Operand, joined: Bool) -> Query.Clause {
                var clause = operand.clause
                if clause.kind.isDateRange {
                    clause.occur = operand.occur == .mustNot ? .mustNot : .must
                } else {
                    clause.occur = operand.occur ?? (joined ? .must : .should)
                }
                return clause
            }
            var clauses: [Query.Clause]
            if branches.count == 1 {
                clauses = branches[0].map { clause($0, joined: branches[0].count > 1) }
            } else {
                clauses = []
                for branch in branches {
                    if branch.count == 1 {
                        clauses.append(clause(branch[0], joined: false))
                    } else {
                        let inner = branch.map { clause($0, joined: true) }
                        try Self.checkNotOnlyExclusions(inner, column: groupColumn)
                        clauses.append(Query.Clause(kind: .group(Query(clauses: inner))))
                    }
                }
            }
            try Self.checkNotOnlyExclusions(clauses, column: groupColumn)
            return Query(clauses: clauses)
        }

        static func checkNotOnlyExclusions(_ clauses: [Query.Clause], column: Int) throws(QuerySyntaxError) {
            // Only exclusions would silently match nothing (as in Lucene); say so instead.
            guard clauses.contains(where: { $0.occur != .mustNot }) else {
                throw QuerySyntaxError(
                    message: "only excluded words; add a word or phrase to search for, e.g. 'jack -hostin'",
                    column: column)
            }
        }

        /// `+x`, `-x`, `NOT x` or `x`, where x is a unit or a parenthesized group.
        mutating func operand(depth: Int, after op: String? = nil) throws(QuerySyntaxError) -> Operand {
            guard index < tokens.count else {
                throw QuerySyntaxError(
                    message: op.map { "'\($0)' must be followed by a word or a phrase" } ?? "missing clause",
                    column: end)
            }
            var occur: Query.Occur?
            let token = tokens[index]
            switch token.kind {
            case .plus: occur = .must
            case .minus, .not: occur = .mustNot
            case .and, .or:
                throw QuerySyntaxError(
                    message: "'\(token.kind == .and ? "AND" : "OR")' needs a clause before and after it",
                    column: token.column)
            case .close:
                throw QuerySyntaxError(
                    message: op.map { "'\($0)' must be followed by a word or a phrase" }
                        ?? "unbalanced parenthesis", column: token.column)
            default: break
            }
            if occur != nil {
                index += 1
                let name = token.kind == .plus ? "+" : token.kind == .minus ? "-" : "NOT"
                guard index < tokens.count else {
                    throw QuerySyntaxError(message: "'\(name)' must be followed by a word or a phrase", column: token.column)
                }
                switch tokens[index].kind {
                case .open, .unit: break
                default:
                    throw QuerySyntaxError(
                        message: "'\(name)' must be followed by a word or a phrase", column: tokens[index].column)
                }
            }
            let primary = tokens[index]
            index += 1
            switch primary.kind {
            case .unit(let clause):
                return Operand(occur: occur, clause: clause)
            case .open:
                guard depth < QueryParser.maximumDepth else {
                    throw QuerySyntaxError(message: "parentheses nested too deeply", column: primary.column)
                }
                if index < tokens.count, tokens[index].kind == .close {
                    throw QuerySyntaxError(message: "empty parentheses", column: primary.column)
                }
                guard index < tokens.count else {
                    throw QuerySyntaxError(message: "unbalanced parenthesis", column: primary.column)
                }
                let inner = try parseOr(depth: depth + 1, groupColumn: primary.column)
                guard index < tokens.count, tokens[index].kind == .close else {
                    throw QuerySyntaxError(message: "unbalanced parenthesis", column: primary.column)
                }
                index += 1
                return Operand(occur: occur, clause: Query.Clause(kind: .group(inner)))
            default:
                throw QuerySyntaxError(message: "missing clause", column: primary.column)
            }
        }
    }
}
