import TestSupport
import Testing

@testable import InvertedIndex
import Tokenizer

/// Phrases over long documents of a tiny vocabulary: term frequencies above 128, so one
/// document's positions span several 128-value blocks and candidates start mid-block; phrases
/// that repeat a term ("red blue red"); the rarest token anywhere in the phrase. Checked
/// against ``ReferenceIndex``, and pruned search against exhaustive search.
@Suite("Phrase positions across blocks, repeated terms, rarest-first checks")
struct PhrasePositionsTests {
    static let vocabulary = ["red", "blue", "green", "star"]

    func randomWords(_ count: Int, _ rng: inout SeededGenerator) -> String {
        // "star" is rare, so it leads in some documents and not in others.
        (0..<count).map { _ in
            Int.random(in: 0..<20, using: &rng) == 0 ? "star" : Self.vocabulary[Int.random(in: 0..<3, using: &rng)]
        }.joined(separator: " ")
    }

    @Test("exact and sloppy phrases equal the reference", arguments: [11, 12, 13] as [UInt64])
    func matchesReference(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        var reference = ReferenceIndex(analyzer: .simple)
        let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
        for i in 0..<60 {
            // Lengths up to 600 words: tfs up to ~200 in one document.
            let length = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 300...600, using: &rng) : Int.random(in: 0...80, using: &rng)
            let document = Document(id: "doc\(i)", title: "", date: nil, body: randomWords(length, &rng))
            try writer.add(document)
            reference.add(document)
        }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        reference.freeze()
        var queries: [Query] = []
        for _ in 0..<60 {
            let text = randomWords(Int.random(in: 2...5, using: &rng), &rng)
            queries.append(Query(clauses: [Query.Clause(occur: .must, field: .text, kind: .phrase(text, slop: 0))]))
        }
        for _ in 0..<20 {
            let text = randomWords(2, &rng)
            queries.append(Query(clauses: [Query.Clause(occur: .must, field: .text, kind: .phrase(text, slop: Int.random(in: 1...3, using: &rng)))]))
        }
        // A phrase inside a conjunction, with a repeated term.
        queries.append(Query(clauses: [
            Query.Clause(occur: .must, field: .text, kind: .phrase("red blue red", slop: 0)),
            Query.Clause(occur: .must, field: .text, kind: .words("star")),
        ]))
        for query in queries {
            let expected = reference.search(query)
            let exact = try reader.search(query, limit: 10, options: SearchOptions(exactCount: true))
            #expect(exact.totalHits == expected.count, "total hits of \(query)")
            let expectedScores = Dictionary(expected.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
            #expect(exact.hits.count == min(10, expected.count), "\(query)")
            for hit in exact.hits {
                let id = try reader.document(hit.doc).id
                let want = try #require(expectedScores[id], "\(id) should not match \(query)")
                #expect(abs(want - Double(hit.score)) <= 1e-5 * max(1, want), "score of \(id) for \(query)")
            }
            let pruned = try reader.search(query, limit: 10, options: SearchOptions(exactCount: false, countThreshold: 0))
            #expect(pruned.hits.map(\.doc) == exact.hits.map(\.doc), "pruned hits of \(query)")
            #expect(pruned.hits.map(\.score) == exact.hits.map(\.score), "pruned scores of \(query)")
        }
    }

    /// Two-token phrases take their own path (one merge, no starts buffer): every ordered pair
    /// of the vocabulary, a repeated term ("red red"), and a stop word between the two tokens
    /// ("red the blue": `english` drops "the" and keeps the gap), against the reference.
    @Test("two-token phrases, repeated and with a stop-word gap, equal the reference", arguments: [21, 22] as [UInt64])
    func pairs(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        var reference = ReferenceIndex(analyzer: .english)
        let writer = try IndexWriter(directory: directory.path, analyzer: .english)
        let words = Self.vocabulary + ["the"]
        for i in 0..<80 {
            let length = Int.random(in: 0..<5, using: &rng) == 0 ? Int.random(in: 200...500, using: &rng) : Int.random(in: 1...60, using: &rng)
            let body = (0..<length).map { _ in words[Int.random(in: 0..<words.count, using: &rng)] }.joined(separator: " ")
            let document = Document(id: "doc\(i)", title: "", date: nil, body: body)
            try writer.add(document)
            reference.add(document)
        }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        reference.freeze()
        var texts: [String] = []
        for a in Self.vocabulary {
            for b in Self.vocabulary { texts += ["\(a) \(b)", "\(a) the \(b)"] }
        }
        for text in texts {
            let query = Query(clauses: [Query.Clause(occur: .must, field: .text, kind: .phrase(text, slop: 0))])
            let expected = reference.search(query)
            let exact = try reader.search(query, limit: 10, options: SearchOptions(exactCount: true))
            #expect(exact.totalHits == expected.count, "total hits of \(text)")
            let expectedScores = Dictionary(expected.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
            for hit in exact.hits {
                let id = try reader.document(hit.doc).id
                let want = try #require(expectedScores[id], "\(id) should not match \(text)")
                #expect(abs(want - Double(hit.score)) <= 1e-5 * max(1, want), "score of \(id) for \(text)")
            }
            let pruned = try reader.search(query, limit: 10, options: SearchOptions(exactCount: false, countThreshold: 0))
            #expect(pruned.hits.map(\.doc) == exact.hits.map(\.doc), "pruned hits of \(text)")
            #expect(pruned.hits.map(\.score) == exact.hits.map(\.score), "pruned scores of \(text)")
        }
    }
}
