import InvertedIndex
import Testing
import Tokenizer

@testable import SearchBenchmarks

@Suite struct ArgumentsTests {
    let options: [String: Set<String>] = ["beir": ["dataset", "k"]]
    let flags: [String: Set<String>] = ["beir": ["all"]]

    @Test func parsesOptionsFlagsAndInlineValues() throws {
        let arguments = try Arguments(
            ["beir", "--dataset", "d", "--k=5", "--all"], optionNames: options, flagNames: flags)
        #expect(arguments.command == "beir")
        #expect(arguments.string("dataset") == "d")
        #expect(try arguments.integer("k", default: 100) == 5)
        #expect(arguments.flag("all"))
    }

    @Test func rejectsMistakes() {
        #expect(throws: UsageError.self) { try Arguments([], optionNames: options, flagNames: flags) }
        #expect(throws: UsageError.self) { try Arguments(["nope"], optionNames: options, flagNames: flags) }
        #expect(throws: UsageError.self) {
            try Arguments(["beir", "--datset", "d"], optionNames: options, flagNames: flags)
        }
        #expect(throws: UsageError.self) {
            try Arguments(["beir", "--dataset"], optionNames: options, flagNames: flags)
        }
        #expect(throws: UsageError.self) { try Arguments(["beir", "stray"], optionNames: options, flagNames: flags) }
        #expect(throws: UsageError.self) {
            try Arguments(["beir", "--k", "x"], optionNames: options, flagNames: flags).integer("k", default: 1)
        }
    }
}

@Suite struct JSONValueTests {
    @Test func escapesAndKeepsKeyOrder() {
        let value = JSONValue.object([
            ("b", .string("q\"\\\n\u{1}é")), ("a", .array([.int(1), .number(0.5), .number(2), .null, .bool(true)])),
        ])
        #expect(value.serialized() == #"{"b":"q\"\\\n\u0001é","a":[1,0.5,2,null,true]}"#)
        #expect(JSONValue.number(.nan).serialized() == "null")
    }
}

@Suite struct QueryBuildingTests {
    @Test func wordsClauseBecomesOneClausePerToken() {
        let clauses = QueryBuilding.wordClauses("COVID-19 vaccines", occur: .must, analyzer: .simple)
        #expect(clauses.map(\.kind) == [.words("COVID"), .words("19"), .words("vaccines")])
        #expect(clauses.allSatisfy { $0.occur == .must })
    }

    /// The shortcut for ASCII letters and digits relies on each analyzer making at most one
    /// token of such a text, from all of its bytes (a stop word: none, and the search drops
    /// the clause as the split would).
    @Test func asciiAlphanumericTextIsAtMostOneTokenOfAllItsBytes() {
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019qT".utf8)
        var texts = ["the", "The", "a", "s", "t", "no", "x1", "1x", "123", "B52", "transfusions", "don", "isn"]
        for _ in 0..<300 {
            texts.append(String(decoding: (0..<Int.random(in: 1...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }, as: UTF8.self))
        }
        texts.append(String(repeating: "a", count: 400))
        for analyzer in [Analyzer.english, .standard, .simple] {
            for text in texts {
                #expect(QueryBuilding.isOneWord(text))
                let tokens = analyzer.tokens(of: text)
                #expect(tokens.count <= 1, "\(analyzer.name) \(text)")
                if let token = tokens.first { #expect(token.byteRange == 0..<text.utf8.count, "\(analyzer.name) \(text)") }
            }
        }
        for text in ["", "a-b", "a b", "café", "a.b", "a'b", "e_mail"] { #expect(!QueryBuilding.isOneWord(text)) }
        #expect(QueryBuilding.wordClauses("vaccines", occur: .must, analyzer: .english).map(\.kind) == [.words("vaccines")])
    }

    @Test func jobModesAndSigns() {
        let job = Job(
            qid: "1", mode: .and,
            clauses: [
                .init(isPhrase: false, text: "a b", sign: nil), .init(isPhrase: true, text: "c d", sign: "+"),
                .init(isPhrase: false, text: "e", sign: "-"),
            ])
        let query = job.query(analyzer: .simple)
        #expect(query.clauses.map(\.occur) == [.must, .must, .must, .mustNot])
        #expect(query.clauses[2].kind == .phrase("c d", slop: 0))
        var or = job
        or.mode = .or
        #expect(or.query(analyzer: .simple).clauses.map(\.occur) == [.should, .should, .must, .mustNot])
        #expect(!QueryBuilding.hasPositiveClause(Query(clauses: [query.clauses[3]])))
    }
}

@Suite struct ReportTests {
    @Test func fixedDecimals() {
        #expect(Report.fixed(1.23456, 2) == "1.23")
        #expect(Report.fixed(0.005, 3) == "0.005")
        #expect(Report.fixed(2, 1) == "2.0")
        #expect(Report.fixed(-1.5, 0) == "-2")
        #expect(Report.fixed(9.999, 2) == "10.00")
    }
}
