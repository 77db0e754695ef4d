import TestSupport
import Testing

@testable import InvertedIndex

@Suite("Query parser")
struct QueryParserTests {
    typealias C = Query.Clause

    func parse(_ text: String, requireAll: Bool = false) throws -> [C] {
        try QueryParser.parse(text, requireAll: requireAll).clauses
    }

    @Test("words, modifiers, fields, phrases, prefixes, fuzzy words, dates")
    func units() throws {
        #expect(try parse("a b") == [C(kind: .words("a")), C(kind: .words("b"))])
        #expect(try parse("+a -b") == [C(occur: .must, kind: .words("a")), C(occur: .mustNot, kind: .words("b"))])
        #expect(try parse("a b", requireAll: true) == [C(occur: .must, kind: .words("a")), C(occur: .must, kind: .words("b"))])
        #expect(try parse("title:\"a b\"~3") == [C(field: .title, kind: .phrase("a b", slop: 3))])
        #expect(try parse("body:x") == [C(field: .text, kind: .words("x"))])
        #expect(try parse("transfus*") == [C(kind: .prefix("transfus"))])
        #expect(try parse("teigan~1 x~") == [C(kind: .fuzzy("teigan", maxEdits: 1)), C(kind: .fuzzy("x", maxEdits: 2))])
        let day = DocumentDate("2021-01-01")!
        #expect(try parse("jack date:2021-01-01..") == [C(kind: .words("jack")), C(occur: .must, kind: .dateRange(from: day, to: nil))])
        #expect(try parse("date:..2021-01-01") == [C(occur: .must, kind: .dateRange(from: nil, to: day))])
        #expect(try parse("date:2021-01-01") == [C(occur: .must, kind: .dateRange(from: day, to: day))])
        #expect(try parse("nofield:river") == [C(kind: .words("nofield:river"))])
    }

    @Test("AND binds tighter than OR; NOT excludes; groups nest")
    func booleans() throws {
        let a = C(kind: .words("a")), b = C(kind: .words("b")), c = C(kind: .words("c"))
        func must(_ x: C) -> C { C(occur: .must, field: x.field, kind: x.kind) }
        func not(_ x: C) -> C { C(occur: .mustNot, field: x.field, kind: x.kind) }
        #expect(try parse("a AND b") == [must(a), must(b)])
        #expect(try parse("a OR b") == [a, b])
        #expect(try parse("a NOT b") == [a, not(b)])
        #expect(try parse("a AND NOT b") == [must(a), not(b)])
        #expect(try parse("a OR b AND c") == [a, C(kind: .group(Query(clauses: [must(b), must(c)])))])
        #expect(try parse("(a OR b) AND c") == [must(C(kind: .group(Query(clauses: [a, b])))), must(c)])
        #expect(try parse("+(a b) -c") == [must(C(kind: .group(Query(clauses: [a, b])))), not(c)])
        #expect(try parse("title:AND") == [C(field: .title, kind: .words("AND"))])
    }

    @Test("errors name the column and the problem", arguments: [
        ("a \"b c", "unclosed quote", 3), ("(a b", "unbalanced parenthesis", 1), ("a b)", "unbalanced parenthesis", 4),
        ("a date:x", "invalid date 'x' (expected YYYY-MM-DD)", 8), ("date:2021-01-01..bad", "invalid date 'bad' (expected YYYY-MM-DD)", 18),
        ("", "empty query", 1), ("  ", "empty query", 1), ("-a", nil, 1), ("NOT a", nil, 1), ("a AND", "'AND' must be followed by a word or a phrase", 6),
        ("OR a", "'OR' needs a clause before and after it", 1), ("a ()", "empty parentheses", 3), ("+ a", "'+' must be followed by a word or a phrase", 1),
        ("a~3", "fuzzy edit distance must be 0, 1 or 2", 2), ("*", "'*' needs a prefix before it", 1), ("title: x", "'title:' must be followed by a word or a phrase", 6),
        ("date:..", "a date range needs a start or an end, e.g. date:2021-01-01..", 6), ("a (-b)", nil, 3), ("\"a\"~x", "'~' after a phrase needs a slop from 0 to 1000", 4),
    ] as [(String, String?, Int)])
    func errors(text: String, message: String?, column: Int) {
        do {
            let query = try QueryParser.parse(text)
            Issue.record("\(text) parsed as \(query)")
        } catch {
            if let message { #expect(error.message == message, "\(text)") } else { #expect(error.message.hasPrefix("only excluded")) }
            #expect(error.column == column, "\(text): \(error)")
        }
    }

    @Test("description parses back to an equal query")
    func roundTripExamples() throws {
        for text in [
            "a b", "+a -b", "a OR b AND c", "(a OR (b AND -c)) NOT d", "title:\"x y\"~2 text:title:z",
            "transfus* teigan~1 date:2020-09-01..2020-10-31", "-date:..2020-12-31 x", "nofield:x", "text:-a",
            "text:AND", "a~b~", "e-mail", "\"\"", "+(a) (b)",
        ] {
            let query = try QueryParser.parse(text)
            #expect(try QueryParser.parse(query.description) == query, "\(text) → \(query.description)")
        }
    }

    @Test("5,000 random strings: no crash; what parses round-trips")
    func randomStrings() throws {
        var rng = SeededGenerator(seed: 42)
        let pieces = [
            "\"", "(", ")", ":", "+", "-", "*", "~", "~1", "~2", " ", " ", " ", "a", "b", "cd", "AND", "OR", "NOT",
            "title:", "date:", "2021-01-01", "..", "1", "é", "text:",
        ]
        var parsed = 0
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            guard let query = try? QueryParser.parse(text) else { continue }
            parsed += 1
            let again = try #require(try? QueryParser.parse(query.description), "\(text) → \(query.description)")
            #expect(again == query, "\(text) → \(query.description)")
        }
        #expect(parsed > 500, "the generator should produce valid queries too")
    }
}
