import Foundation
import Testing

@testable import InvertedIndex
import Tokenizer

/// An exhaustive reference written independently of the index: it keeps each live document's
/// token streams and scores every document for every query with the BM25 formula in Double.
struct ReferenceIndex {
    struct Doc {
        var id: String
        var text: [(term: String, position: Int)]
        var title: [(term: String, position: Int)]
    }

    let analyzer: Analyzer
    var docs: [Doc] = []  // live documents in global doc-id order

    mutating func add(_ document: Document) {
        docs.removeAll { $0.id == document.id }
        let title = analyzer.tokens(of: document.title).map { (term: $0.term, position: $0.position) }
        let next = (title.last?.position ?? -2) + 2
        let body = analyzer.tokens(of: document.body).map { (term: $0.term, position: $0.position + next) }
        docs.append(Doc(id: document.id, text: title + body, title: title))
    }

    mutating func delete(_ id: String) { docs.removeAll { $0.id == id } }

    func stream(_ doc: Doc, _ field: Field) -> [(term: String, position: Int)] {
        field == .title ? doc.title : doc.text
    }

    /// A clause's tokens, idf and the field's average length (index-wide).
    func weigh(_ clause: Query.Clause) -> (tokens: [AnalyzedToken], idf: Double, avgdl: Double) {
        let text: String
        switch clause.kind {
        case .words(let words): text = words
        case .phrase(let phrase, _): text = phrase
        }
        let tokens = analyzer.tokens(of: text)
        let n = Double(docs.count)
        let avgdl = docs.map { Double(stream($0, clause.field).count) }.reduce(0, +) / n
        var idf = 0.0
        for token in tokens {
            let df = Double(docs.filter { d in stream(d, clause.field).contains { $0.term == token.term } }.count)
            idf += log(1 + (n - df + 0.5) / (df + 0.5))
        }
        return (tokens, idf, avgdl)
    }

    /// Score of one clause in one doc, or nil when it does not match.
    func score(
        _ clause: Query.Clause, _ weight: (tokens: [AnalyzedToken], idf: Double, avgdl: Double), _ doc: Doc
    ) -> Double? {
        let (tokens, idf, avgdl) = weight
        guard !tokens.isEmpty else { return nil }
        let tokensOfDoc = stream(doc, clause.field)
        var tf = 0
        for start in tokensOfDoc {
            var all = true
            for token in tokens {
                let wanted = start.position + token.position - tokens[0].position
                if !tokensOfDoc.contains(where: { $0.position == wanted && $0.term == token.term }) {
                    all = false
                    break
                }
            }
            if all && start.term == tokens[0].term { tf += 1 }
        }
        guard tf > 0 else { return nil }
        let dl = Double(tokensOfDoc.count)
        let k1 = 1.2, b = 0.75
        return idf * Double(tf) / (Double(tf) + k1 * (1 - b + b * dl / max(avgdl, 1e-6)))
    }

    /// All matching docs with scores, best first, ties by doc order.
    func search(_ query: Query) -> [(id: String, score: Double)] {
        var results: [(id: String, score: Double, order: Int)] = []
        let effective = query.clauses.filter { clause in
            switch clause.kind {
            case .words(let t), .phrase(let t, _): return !analyzer.tokens(of: t).isEmpty
            }
        }
        let hasRequired = effective.contains { $0.occur == .must }
        let weights = effective.map(weigh)
        for (order, doc) in docs.enumerated() {
            var total = 0.0
            var matchedOptional = false
            var rejected = false
            for (clause, weight) in zip(effective, weights) {
                let s = score(clause, weight, doc)
                switch clause.occur {
                case .must:
                    if let s { total += s } else { rejected = true }
                case .should:
                    if let s {
                        total += s
                        matchedOptional = true
                    }
                case .mustNot:
                    if s != nil { rejected = true }
                }
            }
            if rejected || (!hasRequired && !matchedOptional) { continue }
            results.append((doc.id, total, order))
        }
        results.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        return results.map { ($0.id, $0.score) }
    }
}

@Suite("BM25 and phrases against an exhaustive reference")
struct BruteForceSearchTests {
    static let vocabulary = [
        "blood", "transfusion", "alpha", "beta", "gamma", "delta", "river", "stone", "light", "night",
        "cat", "dog", "sun", "moon", "red", "blue", "green", "star", "sea", "tree",
    ]

    func randomText(_ count: Int, _ rng: inout SeededGenerator) -> String {
        // Skewed word choice so some terms are common and some rare.
        (0..<count).map { _ in
            let index = Int(Double(Self.vocabulary.count) * pow(Double.random(in: 0..<1, using: &rng), 2))
            return Self.vocabulary[index]
        }.joined(separator: " ")
    }

    func randomQuery(_ rng: inout SeededGenerator) -> Query {
        var clauses: [Query.Clause] = []
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let occur: Query.Occur = [.should, .should, .should, .must, .mustNot].randomElement(using: &rng)!
            let field: Field = Int.random(in: 0..<6, using: &rng) == 0 ? .title : .text
            let kind: Query.Kind =
                Bool.random(using: &rng)
                ? .words(Self.vocabulary.randomElement(using: &rng)!)
                : .phrase(randomText(Int.random(in: 2...3, using: &rng), &rng), slop: 0)
            clauses.append(Query.Clause(occur: occur, field: field, kind: kind))
        }
        return Query(clauses: clauses)
    }

    @Test("top-k ids and scores equal exhaustive scoring", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func matchesReference(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        var reference = ReferenceIndex(analyzer: .simple)
        // Several commits (segments), updates of existing ids, and deletes.
        for batch in 0..<3 {
            // Odd seeds flush a segment every few documents, even seeds one per commit.
            let writer = try IndexWriter(
                directory: directory.path, analyzer: .simple, memoryBudget: seed % 2 == 1 ? 16 << 10 : 256 << 20)
            // Seed 5 merges at every commit (the default policy); 1 and 3 keep every segment.
            if seed != 5 { writer.mergePolicy = MergePolicy(mergeFactor: 1 << 30) }
            for _ in 0..<Int.random(in: 20...60, using: &rng) {
                let id = "doc\(Int.random(in: 0..<120, using: &rng))"
                let document = Document(
                    id: id, title: randomText(Int.random(in: 0...3, using: &rng), &rng),
                    body: randomText(Int.random(in: 0...40, using: &rng), &rng))
                try writer.add(document)
                reference.add(document)
            }
            if batch > 0 {
                for _ in 0..<5 {
                    let id = "doc\(Int.random(in: 0..<120, using: &rng))"
                    writer.delete(id: id)
                    reference.delete(id)
                }
            }
            try writer.commit()
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.documentCount == reference.docs.count)
        if seed % 2 == 1 && seed != 5 { #expect(reader.segmentInfos.count > 3, "small budgets flush several segments") }
        for _ in 0..<150 {
            let query = randomQuery(&rng)
            let expected = reference.search(query)
            let results = try reader.search(query, limit: 10)
            #expect(results.totalHits == expected.count, "total hits of \(query)")
            let actual = try results.hits.map { (try reader.document($0.doc).id, Double($0.score)) }
            #expect(actual.count == min(10, expected.count), "\(query)")
            let expectedScores = Dictionary(expected.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
            for (rank, hit) in actual.enumerated() {
                let want = try #require(expectedScores[hit.0], "\(hit.0) should not match \(query)")
                #expect(abs(want - hit.1) <= 1e-5 * max(1, want), "score of \(hit.0) for \(query)")
                // Same order, except among scores equal within float rounding.
                if abs(expected[rank].score - hit.1) > 1e-5 * max(1, hit.1) {
                    Issue.record("rank \(rank) of \(query): expected \(expected[rank]), got \(hit)")
                }
            }
        }
    }
}
