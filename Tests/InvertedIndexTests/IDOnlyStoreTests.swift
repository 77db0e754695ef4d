import Foundation
import TestSupport
import Testing

@testable import InvertedIndex

/// `StoreMode.ids`: the same hits and scores as a full store, only ids stored, the mode kept
/// by later writers, and deletions that never push a document frequency above the live count.
@Suite("Id-only document store")
struct IDOnlyStoreTests {
    func documents(_ count: Int, seed: UInt64) -> [Document] {
        var rng = SeededGenerator(seed: seed)
        let words = BruteForceSearchTests()
        return (0..<count).map { n in
            Document(
                id: "doc-\(n)", title: words.randomText(Int.random(in: 0...3, using: &rng), &rng),
                date: n % 3 == 0 ? DocumentDate(daysSinceEpoch: Int32(n)) : nil,
                body: words.randomText(Int.random(in: 0...200, using: &rng), &rng))
        }
    }

    /// Builds an index in `path` (small budget: several segments), deleting every seventh id.
    func build(_ path: String, store: StoreMode, documents: [Document], deletes: Bool) throws {
        let writer = try IndexWriter(directory: path, analyzer: .standard, store: store, memoryBudget: 24 << 10)
        writer.mergePolicy = MergePolicy(mergeFactor: 1 << 30)
        for document in documents { try writer.add(document) }
        try writer.commit()
        guard deletes else { return }
        for n in stride(from: 0, to: documents.count, by: 7) { writer.delete(id: "doc-\(n)") }
        try writer.commit()
    }

    func answers(_ reader: IndexReader, _ queries: [Query]) throws -> [String] {
        try queries.map { query in
            let results = try reader.search(query, limit: 15)
            return "\(results.totalHits) "
                + (try results.hits.map { "\(try reader.document($0.doc).id):\($0.score)" }.joined(separator: " "))
        }
    }

    @Test("same hits and scores as a full store; only ids and dates come back", arguments: [1, 2] as [UInt64])
    func sameResults(seed: UInt64) throws {
        let all = try TemporaryDirectory(), ids = try TemporaryDirectory()
        let documents = documents(300, seed: seed)
        try build(all.path, store: .all, documents: documents, deletes: false)
        try build(ids.path, store: .ids, documents: documents, deletes: false)
        let full = try IndexReader(directory: all.path), lean = try IndexReader(directory: ids.path)
        #expect(full.store == .all && lean.store == .ids)
        #expect(lean.segmentInfos.count > 1)
        var rng = SeededGenerator(seed: seed &+ 50)
        let queries = (0..<200).map { _ in BruteForceSearchTests().randomQuery(&rng) }
        #expect(try answers(full, queries) == answers(lean, queries))
        for doc in 0..<Int32(documents.count) {
            let stored = try lean.document(doc)
            let original = documents.first { $0.id == stored.id }
            #expect(original != nil && stored.title.isEmpty && stored.body.isEmpty && stored.date == original?.date)
        }
    }

    @Test("the mode is kept by later writers; asking for another is an error")
    func modeIsKept() throws {
        let directory = try TemporaryDirectory()
        try build(directory.path, store: .ids, documents: documents(20, seed: 3), deletes: false)
        do {
            let writer = try IndexWriter(directory: directory.path)
            #expect(writer.store == .ids)
            try writer.add(Document(id: "late", title: "Late", body: "walrus"))
            try writer.commit()
        }
        #expect(try IndexReader(directory: directory.path).store == .ids)
        #expect(try IndexReader(directory: directory.path).document(20).body.isEmpty)
        #expect(throws: IndexError.self) { try IndexWriter(directory: directory.path, store: .all) }
    }

    @Test("deletions: document frequencies stay within the live count; optimize equals the full store")
    func deletions() throws {
        let all = try TemporaryDirectory(), ids = try TemporaryDirectory()
        let documents = documents(200, seed: 9)
        try build(all.path, store: .all, documents: documents, deletes: true)
        try build(ids.path, store: .ids, documents: documents, deletes: true)
        var rng = SeededGenerator(seed: 77)
        let queries = (0..<150).map { _ in BruteForceSearchTests().randomQuery(&rng) }
        let lean = try IndexReader(directory: ids.path)
        for segment in lean.segments {
            var checked = 0
            try [UInt8]().withUnsafeBytes { start in
                try segment.terms.forEachTerm(from: start) { key, info in
                    #expect(segment.liveDocFreq(Array(key), info) <= segment.info.liveCount)
                    checked += 1
                    return true
                }
            }
            #expect(checked > 0)
        }
        for answer in try answers(lean, queries) { #expect(!answer.contains("nan") && !answer.contains(":-")) }
        for path in [all.path, ids.path] { try IndexWriter(directory: path).optimize() }
        #expect(
            try answers(IndexReader(directory: all.path), queries) == answers(IndexReader(directory: ids.path), queries))
    }
}
