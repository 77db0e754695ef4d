import TestSupport
import Testing

@testable import InvertedIndex

/// Fuzzy and prefix expansion over dictionaries large enough for the fuzzy walk to skip
/// (seek past) prefixes, against a scan of every term with the textbook edit distance.
@Suite("Term expansion")
struct TermExpansionTests {
    @Test("fuzzy and prefix expansions equal a brute-force scan of the terms")
    func expansionsMatchScan() throws {
        var rng = SeededGenerator(seed: 7)
        let directory = try TemporaryDirectory()
        var vocabulary: Set<String> = []
        for batch in 0..<2 {
            let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
            for n in 0..<150 {
                let words = (0..<20).map { _ in
                    String((0..<Int.random(in: 2...7, using: &rng)).map { _ in "abcdex".randomElement(using: &rng)! })
                }
                vocabulary.formUnion(words)
                try writer.add(Document(id: "d\(batch)-\(n)", body: words.joined(separator: " ")))
            }
            try writer.commit()
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segmentInfos.count == 2)
        for _ in 0..<15 {
            let word = String((0..<Int.random(in: 1...6, using: &rng)).map { _ in "abcdex".randomElement(using: &rng)! })
            for edits in 0...2 {
                let expanded = try reader.expandFuzzy(word, field: .text, maxEdits: edits, limit: 100_000)
                let got = Set(expanded.map { String(decoding: $0.key.dropFirst(), as: UTF8.self) })
                let want = vocabulary.filter { ReferenceIndex.similarity($0, word, maxEdits: edits) != nil }
                #expect(got == want, "\(word)~\(edits)")
                for term in expanded {
                    let text = String(decoding: term.key.dropFirst(), as: UTF8.self)
                    let similarity = try #require(ReferenceIndex.similarity(text, word, maxEdits: edits))
                    #expect(abs(Double(term.boost) - similarity) < 1e-6, "\(text) for \(word)~\(edits)")
                    #expect(term.weight == term.idf * term.boost)
                }
                // Most similar first.
                #expect(zip(expanded, expanded.dropFirst()).allSatisfy { $0.boost >= $1.boost }, "\(word)~\(edits)")
            }
            let prefixed = try reader.expandPrefix([Field.text.rawValue] + Array(word.utf8), limit: 100_000)
            #expect(Set(prefixed.map { String(decoding: $0.key.dropFirst(), as: UTF8.self) }) == vocabulary.filter { $0.hasPrefix(word) })
        }
        // The bound keeps the most similar, then the most frequent.
        let bounded = try reader.expandFuzzy("abc", field: .text, maxEdits: 2, limit: 5)
        #expect(bounded.count == 5)
        let all = try reader.expandFuzzy("abc", field: .text, maxEdits: 2, limit: 100_000)
        #expect(bounded.map(\.key) == all.prefix(5).map(\.key))
    }

    @Test("a search collecting highlight terms returns what highlightTerms computes, expansions included")
    func highlightTermsFromSearch() throws {
        let directory = try TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
        try writer.add(Document(id: "a", title: "tea garden", body: "teigen tealight teagan quiet"))
        try writer.add(Document(id: "b", body: "gardens of stone"))
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        for text in ["teigan~1", "tea* -stone", "garden OR \"quiet tea\"", "quiet -teigen", "title:garden~1"] {
            let query = try QueryParser.parse(text)
            let results = try reader.search(query, options: SearchOptions(exactCount: false, collectHighlightTerms: true))
            #expect(results.highlightTerms == reader.highlightTerms(query), "\(text)")
            #expect(try reader.search(query).highlightTerms.isEmpty, "\(text): collected only on request")
        }
        let fuzzy = try reader.search(
            QueryParser.parse("teigan~1"), options: SearchOptions(collectHighlightTerms: true))
        #expect(fuzzy.highlightTerms == [Array("teigen".utf8), Array("teagan".utf8)])
    }

    @Test("Lucene's fuzzy similarity: 1 − edits / shorter length, exact at 1, none when not positive")
    func similarity() {
        #expect(IndexReader.fuzzySimilarity(edits: 0, wordLength: 1, termLength: 1) == 1)
        #expect(IndexReader.fuzzySimilarity(edits: 1, wordLength: 6, termLength: 6) == 1 - Float(1) / 6)
        #expect(IndexReader.fuzzySimilarity(edits: 2, wordLength: 6, termLength: 4) == 0.5)
        #expect(IndexReader.fuzzySimilarity(edits: 1, wordLength: 2, termLength: 1) == nil)
        #expect(IndexReader.fuzzySimilarity(edits: 2, wordLength: 2, termLength: 3) == nil)
    }

    @Test("a fuzzy expansion's misspelled neighbour scores below the exact word; explain shows the boost")
    func boostedScoring() throws {
        let directory = try TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
        // Same frequency and length: without the boost the two would tie.
        try writer.add(Document(id: "exact", body: "teigen alpha"))
        try writer.add(Document(id: "near", body: "teigan alpha"))
        try writer.add(Document(id: "other", body: "beta gamma"))
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        let query = try QueryParser.parse("teigen~1")
        let results = try reader.search(query, limit: 10)
        #expect(try results.hits.map { try reader.document($0.doc).id } == ["exact", "near"])
        #expect(results.hits[1].score < results.hits[0].score)
        let explanation = try #require(try reader.explain(query, doc: results.hits[1].doc))
        #expect(explanation.value == results.hits[1].score)
        #expect(explanation.description.contains("text:teigan: boost=\(1 - Float(1) / 6) × idf="), "\(explanation)")
        let exact = try #require(try reader.explain(query, doc: results.hits[0].doc))
        #expect(!exact.description.contains("boost="), "\(exact)")
    }
}
