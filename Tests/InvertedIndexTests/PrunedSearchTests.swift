import Foundation
import TestSupport
import Testing

@testable import InvertedIndex
import Tokenizer

/// Dynamic pruning (``SearchOptions/exactCount`` false) against exhaustive evaluation, on
/// corpora large enough for full 128-document postings blocks (so block maxima from the skip
/// entries are used, not only tails), with many tied scores, deletions and several segments.
@Suite("Dynamic pruning returns the exhaustive top-k")
struct PrunedSearchTests {
    let random = BruteForceSearchTests()

    /// Builds a random index of `count` documents in several commits with deletions; short,
    /// repetitive texts make many documents score the same.
    func makeIndex(
        _ directory: TemporaryDirectory, count: Int, seed: UInt64, rng: inout SeededGenerator
    ) throws -> ReferenceIndex {
        var reference = ReferenceIndex(analyzer: .simple)
        let batches = 3
        for batch in 0..<batches {
            let writer = try IndexWriter(
                directory: directory.path, analyzer: .simple, memoryBudget: seed % 2 == 1 ? 64 << 10 : 256 << 20)
            writer.mergePolicy = MergePolicy(mergeFactor: 1 << 30)
            for i in 0..<count / batches {
                // Even seeds: similar lengths, so block bounds are tight and close calls common.
                let words =
                    seed % 2 == 0
                    ? Int.random(in: 6...8, using: &rng)
                    : Int.random(in: 0..<4, using: &rng) == 0 ? 1 : Int.random(in: 1...30, using: &rng)
                let document = Document(
                    id: "doc\(batch)-\(i)", title: random.randomText(Int.random(in: 0...2, using: &rng), &rng),
                    date: Int.random(in: 0..<5, using: &rng) == 0
                        ? nil : BruteForceSearchTests.days.randomElement(using: &rng),
                    body: random.randomText(words, &rng))
                try writer.add(document)
                reference.add(document)
            }
            if batch > 0 {
                for _ in 0..<20 {
                    let id = "doc\(Int.random(in: 0..<batch, using: &rng))-\(Int.random(in: 0..<count / batches, using: &rng))"
                    writer.delete(id: id)
                    reference.delete(id)
                }
            }
            try writer.commit()
        }
        reference.freeze()
        return reference
    }

    /// A query of the benchmark's shapes (pure OR, AND, OR beside required and excluded
    /// words, OR beside a required word, phrases) or a random one of every class.
    func randomQuery(_ rng: inout SeededGenerator) -> Query {
        func word() -> Query.Kind { .words(BruteForceSearchTests.vocabulary.randomElement(using: &rng)!) }
        let count = Int.random(in: 1...5, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return Query(clauses: (0..<count).map { _ in .init(occur: .should, field: .text, kind: word()) })
        case 1: return Query(clauses: (0..<count).map { _ in .init(occur: .must, field: .text, kind: word()) })
        case 2:
            return Query(
                clauses: (0..<count + 1).map { i in
                    .init(occur: i == 0 ? .must : [.should, .should, .mustNot].randomElement(using: &rng)!, field: .text,
                        kind: word())
                })
        case 3:
            // A required word beside optional ones (the benchmark's intersection_union).
            return Query(
                clauses: (0..<count + 1).map { i in .init(occur: i == 0 ? .must : .should, field: .text, kind: word()) })
        case 4:
            return Query(clauses: [
                .init(occur: .should, field: .text, kind: .phrase(random.randomText(2, &rng), slop: Int.random(in: 0...2, using: &rng))),
                .init(occur: [.should, .must].randomElement(using: &rng)!, field: .text, kind: word()),
            ])
        default: return random.randomQuery(&rng)
        }
    }

    @Test("pruned top-k equals exhaustive top-k (ids and Float scores)", arguments: [11, 12, 13, 14] as [UInt64])
    func prunedEqualsExhaustive(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        let reference = try makeIndex(directory, count: 1500, seed: seed, rng: &rng)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.documentCount == reference.docs.count)
        if seed % 2 == 1 { #expect(reader.segmentInfos.count > 3, "small budgets flush several segments") }
        var pruned = 0
        for _ in 0..<150 {
            let query = randomQuery(&rng)
            let k = [1, 1, 2, 3, 10, 50].randomElement(using: &rng)!
            let offset = Int.random(in: 0..<4, using: &rng) == 0 ? Int.random(in: 1...5, using: &rng) : 0
            let exact = try reader.search(query, limit: k, offset: offset, options: SearchOptions(exactCount: true))
            let fast = try reader.search(query, limit: k, offset: offset, options: SearchOptions(exactCount: false, countThreshold: 0))
            #expect(exact.totalHitsIsExact)
            #expect(fast.hits == exact.hits, "k=\(k) offset=\(offset) \(query)")
            #expect(fast.totalHits <= exact.totalHits, "\(query)")
            #expect(fast.totalHits >= min(exact.totalHits, k + offset), "\(query)")
            if fast.totalHitsIsExact { #expect(fast.totalHits == exact.totalHits, "\(query)") }
            if fast.totalHits < exact.totalHits { pruned += 1 }
            // Counting exactly up to a threshold, then pruning.
            let counted = try reader.search(
                query, limit: k, offset: offset, options: SearchOptions(exactCount: false, countThreshold: 200))
            #expect(counted.hits == exact.hits, "threshold: \(query)")
            if exact.totalHits < 200 {
                #expect(counted.totalHitsIsExact && counted.totalHits == exact.totalHits, "\(query)")
            } else {
                #expect(counted.totalHits >= 200 && counted.totalHits <= exact.totalHits, "\(query)")
            }
        }
        #expect(pruned > 20, "pruning skipped documents in only \(pruned) queries")
    }

    @Test("pruned top-k matches the Double reference", arguments: [21, 22] as [UInt64])
    func prunedMatchesReference(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        let reference = try makeIndex(directory, count: 600, seed: seed, rng: &rng)
        let reader = try IndexReader(directory: directory.path)
        for _ in 0..<40 {
            let query = randomQuery(&rng)
            let k = [1, 5, 10].randomElement(using: &rng)!
            let expected = reference.search(query)
            let results = try reader.search(query, limit: k, options: SearchOptions(exactCount: false, countThreshold: 0))
            #expect(results.hits.count == min(k, expected.count), "\(query)")
            for (rank, hit) in results.hits.enumerated() {
                let want = expected[rank].score
                #expect(abs(want - Double(hit.score)) <= 1e-5 * max(1, want), "rank \(rank) of \(query)")
            }
        }
    }

    @Test("ties: the earliest documents win and later equal scores are skipped")
    func tiesKeepEarliestDocuments() throws {
        let directory = try TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
        // 1000 identical documents (all tie), then one that scores higher.
        for i in 0..<1000 { try writer.add(Document(id: "same\(i)", title: "", date: nil, body: "alpha beta gamma")) }
        try writer.add(Document(id: "best", title: "", date: nil, body: "alpha alpha beta"))
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        for text in ["alpha", "alpha beta", "+alpha +beta", "+alpha beta -delta", "\"alpha beta\""] {
            let query = try QueryParser.parse(text)
            for k in [1, 3] {
                let exact = try reader.search(query, limit: k, options: SearchOptions(exactCount: true))
                let fast = try reader.search(query, limit: k, options: SearchOptions(exactCount: false, countThreshold: 0))
                #expect(fast.hits == exact.hits, "\(text)")
                let ids = try fast.hits.map { try reader.document($0.doc).id }
                let ties = (0..<k - 1).map { "same\($0)" }
                #expect(ids == (text == "\"alpha beta\"" ? (0..<k).map { "same\($0)" } : ["best"] + ties), "\(text)")
                // Equal scores after the collector filled cannot enter: they were skipped.
                #expect(!fast.totalHitsIsExact && fast.totalHits < 1001, "\(text): \(fast.totalHits)")
                #expect(exact.totalHits == 1001)
            }
        }
    }

    @Test("block bounds are at least every score they cover", arguments: [31, 32] as [UInt64])
    func boundsCoverScores(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let directory = try TemporaryDirectory()
        _ = try makeIndex(directory, count: 900, seed: seed, rng: &rng)
        let reader = try IndexReader(directory: directory.path)
        for _ in 0..<60 {
            let query = randomQuery(&rng)
            guard let weight = try reader.weigh(query) else { continue }
            for segment in reader.segments.indices {
                guard let scorer = try reader.makeScorer(weight, segment: segment, statistics: reader.statistics, bm25: BM25()),
                    let bounds = try reader.makeScorer(weight, segment: segment, statistics: reader.statistics, bm25: BM25())
                else { continue }
                let global = bounds.maxScore()
                while try scorer.next() != PostingsIterator.exhausted {
                    let score = try scorer.score()
                    let end = bounds.shallowAdvance(to: scorer.doc)
                    #expect(end >= scorer.doc)
                    #expect(bounds.maxScore(upTo: scorer.doc) >= score, "\(query) doc \(scorer.doc)")
                    #expect(global >= score, "\(query)")
                }
            }
        }
    }
}
