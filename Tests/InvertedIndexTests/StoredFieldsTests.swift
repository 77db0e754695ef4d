import Foundation
import TestSupport
import Testing

@testable import InvertedIndex

/// The compressed document store: round-trips across block boundaries, copying through a
/// cursor (as merges do), damaged files reported and never a crash, and merges keeping every
/// stored document.
@Suite("Compressed stored fields")
struct StoredFieldsTests {
    func documents(_ count: Int, seed: UInt64) -> [Document] {
        var rng = SeededGenerator(seed: seed)
        let words = BruteForceSearchTests()
        return (0..<count).map { n in
            // Mostly small records, some as large as several blocks, some empty.
            let size = [0, 1, 20, 300, 3_000, 9_000].randomElement(using: &rng)!
            return Document(
                id: "doc-\(n)-é", title: words.randomText(Int.random(in: 0...4, using: &rng), &rng),
                body: words.randomText(size, &rng))
        }
    }

    func store(_ documents: [Document]) -> [UInt8] {
        var writer = StoredFieldsWriter()
        for document in documents { writer.add(document) }
        return writer.finish()
    }

    @Test("every doc reads back, in every block position", arguments: [0, 1, 2, 50, 400])
    func roundTrip(count: Int) throws {
        let documents = documents(count, seed: UInt64(count))
        try store(documents).withUnsafeBytes { bytes in
            let reader = try StoredFieldsReader(bytes, path: "s", docCount: count)
            try reader.checkStructure()
            for (doc, document) in documents.enumerated() {
                let stored = try reader.document(Int32(doc))
                #expect(stored.id == document.id && stored.title == document.title && stored.body == document.body)
                #expect(try reader.id(Int32(doc)) == document.id)
            }
            #expect(throws: IndexError.self) { try reader.document(Int32(count)) }
            #expect(throws: IndexError.self) { try reader.id(-1) }
            // A cursor copying every other doc, as a merge with deletions does.
            var copy = StoredFieldsWriter()
            var cursor = StoredFieldsCursor(reader)
            let kept = documents.indices.filter { $0 % 3 != 1 }
            for doc in kept { try cursor.copy(Int32(doc), into: &copy) }
            try copy.finish().withUnsafeBytes { copied in
                let reader = try StoredFieldsReader(copied, path: "c", docCount: kept.count)
                try reader.checkStructure()
                for (doc, original) in kept.enumerated() {
                    let stored = try reader.document(Int32(doc))
                    #expect(stored.id == documents[original].id && stored.body == documents[original].body)
                    #expect(stored.title == documents[original].title)
                }
            }
        }
    }

    @Test("text compresses: the store is well under the raw text")
    func compresses() {
        let documents = documents(400, seed: 9)
        let raw = documents.reduce(0) { $0 + $1.id.utf8.count + $1.title.utf8.count + $1.body.utf8.count }
        #expect(store(documents).count < raw / 2)
    }

    @Test("a damaged store: reading every doc throws or succeeds, never crashes")
    func damaged() throws {
        let documents = documents(60, seed: 11)
        let bytes = store(documents)
        var rng = SeededGenerator(seed: 12)
        for round in 0..<400 {
            var damaged = bytes
            if round % 4 == 0 {
                damaged.removeLast(Int.random(in: 1..<damaged.count, using: &rng))
            } else {
                for _ in 0..<(1 + round % 3) {
                    damaged[Int.random(in: 0..<damaged.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            damaged.withUnsafeBytes { bytes in
                do throws(IndexError) {
                    let reader = try StoredFieldsReader(bytes, path: "s", docCount: documents.count)
                    for doc in documents.indices {
                        _ = try? reader.document(Int32(doc))
                        _ = try? reader.id(Int32(doc))
                    }
                    _ = try? reader.checkStructure()
                } catch {
                    #expect(error.path == "s")
                }
            }
        }
    }

    @Test("merges and optimize keep every stored document")
    func merges() throws {
        let directory = try TemporaryDirectory()
        var expected: [String: Document] = [:]
        let documents = documents(300, seed: 13)
        for (batch, chunk) in stride(from: 0, to: documents.count, by: 60).enumerated() {
            let writer = try IndexWriter(directory: directory.path, memoryBudget: 64 << 10)
            writer.mergePolicy = MergePolicy(mergeFactor: 3)
            for document in documents[chunk..<min(chunk + 60, documents.count)] {
                try writer.add(document)
                expected[document.id] = document
            }
            for n in stride(from: batch, to: chunk, by: 7) {
                writer.delete(id: documents[n].id)
                expected[documents[n].id] = nil
            }
            try writer.commit()
        }
        func expectAll(_ reader: IndexReader) throws {
            #expect(reader.documentCount == expected.count)
            for (id, document) in expected {
                let stored = try reader.storedDocument(id: id)
                #expect(stored?.title == document.title && stored?.body == document.body, "\(id)")
            }
        }
        let merged = try IndexReader(directory: directory.path)
        _ = try merged.check()
        try expectAll(merged)
        #expect(try IndexWriter(directory: directory.path).optimize() == expected.count)
        let optimized = try IndexReader(directory: directory.path)
        #expect(optimized.segmentInfos.count == 1)
        _ = try optimized.check()
        try expectAll(optimized)
    }
}
