import TestSupport
import Foundation
import Testing

@testable import InvertedIndex
import Tokenizer

struct MergeTests {
    /// Builds a many-segment index with updates and deletes; merging is off unless asked.
    func buildIndex(_ path: String, seed: UInt64, policy: MergePolicy?) throws -> ReferenceIndex {
        var rng = SeededGenerator(seed: seed)
        let words = BruteForceSearchTests()
        var reference = ReferenceIndex(analyzer: .simple)
        for batch in 0..<4 {
            // Even batches flush one segment per document, odd ones one segment per commit.
            let writer = try IndexWriter(
                directory: path, analyzer: .simple, memoryBudget: batch % 2 == 0 ? 16 << 10 : 256 << 20)
            writer.mergePolicy = policy ?? MergePolicy(mergeFactor: 1 << 30)
            for _ in 0..<Int.random(in: 30...80, using: &rng) {
                let document = Document(
                    id: "doc\(Int.random(in: 0..<150, using: &rng))",
                    title: words.randomText(Int.random(in: 0...3, using: &rng), &rng),
                    date: Bool.random(using: &rng) ? DocumentDate(daysSinceEpoch: Int32.random(in: 0...20_000, using: &rng)) : nil,
                    body: words.randomText(Int.random(in: 0...300, using: &rng), &rng))
                try writer.add(document)
                reference.add(document)
            }
            for _ in 0..<8 {
                let id = "doc\(Int.random(in: 0..<150, using: &rng))"
                writer.delete(id: id)
                reference.delete(id)
            }
            try writer.commit()
        }
        return reference
    }

    func answers(_ reader: IndexReader, _ queries: [Query]) throws -> [[String]] {
        try queries.map { query in
            let results = try reader.search(query, limit: 20)
            return try ["\(results.totalHits)"]
                + results.hits.map { "\(try reader.document($0.doc).id) \($0.score) \(try reader.document($0.doc))" }
        }
    }

    @Test("optimize gives one segment and identical hits and scores", arguments: [1, 2, 3] as [UInt64])
    func optimizeKeepsResults(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        let reference = try buildIndex(directory.path, seed: seed, policy: nil)
        var rng = SeededGenerator(seed: seed &+ 100)
        let queries = (0..<300).map { _ in BruteForceSearchTests().randomQuery(&rng) }
        let before = try IndexReader(directory: directory.path)
        #expect(before.segmentInfos.count > 10)
        #expect(before.segmentInfos.contains { $0.deletedCount > 0 })
        let expected = try answers(before, queries)

        let writer = try IndexWriter(directory: directory.path)
        #expect(try writer.optimize() == reference.docs.count)
        let after = try IndexReader(directory: directory.path)
        #expect(after.segmentInfos.count == 1)
        #expect(after.segmentInfos[0].deletedCount == 0)
        #expect(after.documentCount == reference.docs.count)
        #expect(after.statistics.fieldLengths == before.statistics.fieldLengths)
        try after.check()
        let actual = try answers(after, queries)
        for (index, query) in queries.enumerated() {
            #expect(actual[index] == expected[index], "\(query)")
        }
        // The merged segment's files are the only ones left (besides the lock and manifest).
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("seg-") }
        #expect(Set(names) == Set(after.segmentInfos[0].fileNames))
    }

    @Test("commits merge by policy: few segments, same results")
    func policyMerges() throws {
        let merged = try TemporaryDirectory()
        let plain = try TemporaryDirectory()
        _ = try buildIndex(merged.path, seed: 7, policy: MergePolicy(mergeFactor: 4, floorDocuments: 4))
        _ = try buildIndex(plain.path, seed: 7, policy: nil)
        let a = try IndexReader(directory: merged.path)
        let b = try IndexReader(directory: plain.path)
        #expect(a.segmentInfos.count < 16)
        #expect(b.segmentInfos.count > a.segmentInfos.count * 3)
        try a.check()
        var rng = SeededGenerator(seed: 77)
        let queries = (0..<300).map { _ in BruteForceSearchTests().randomQuery(&rng) }
        let x = try answers(a, queries)
        let y = try answers(b, queries)
        for (index, query) in queries.enumerated() { #expect(x[index] == y[index], "\(query)") }
    }

    @Test("merge policy levels and windows")
    func policyWindows() {
        let policy = MergePolicy(mergeFactor: 3, floorDocuments: 10)
        #expect(policy.level(0) == policy.level(10) && policy.level(11) > policy.level(10))
        func infos(_ sizes: [Int]) -> [SegmentInfo] {
            sizes.enumerated().map { SegmentInfo(id: UInt64($0.offset + 1), docCount: $0.element, fieldLengths: [0, 0]) }
        }
        #expect(policy.findMerge(infos([5, 5])) == nil)
        #expect(policy.findMerge(infos([5, 5, 5])) == 0..<3)
        #expect(policy.findMerge(infos([100, 100, 5, 5, 5])) == 2..<5)
        #expect(policy.findMerge(infos([100, 100, 5, 5])) == nil)
        #expect(policy.findMerge(infos([100, 100, 100, 5, 5])) == 0..<3)
        // Sizes straddling a level boundary still merge.
        #expect(policy.findMerge(infos([9, 11, 10, 12])) == 0..<3)
        #expect(policy.findMerge([]) == nil)
    }

    @Test("optimizing an index whose documents are all deleted leaves an empty index")
    func optimizeAllDeleted() throws {
        let directory = try TemporaryDirectory()
        let writer = try IndexWriter(directory: directory.path, memoryBudget: 16 << 10)
        try writer.add(Document(id: "a", body: "one two"))
        try writer.add(Document(id: "b", body: "two three"))
        try writer.commit()
        writer.delete(id: "a")
        try writer.commit()
        #expect(try writer.optimize() == 1)
        writer.delete(id: "b")
        #expect(try writer.optimize() == 0)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segmentInfos.isEmpty && reader.documentCount == 0)
    }
}

struct ParallelIndexingTests {
    func build(_ path: String, threads: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let words = BruteForceSearchTests()
        for _ in 0..<3 {
            let writer = try IndexWriter(
                directory: path, analyzer: .simple, memoryBudget: 3 << 20, threads: threads, batchSize: 4)
            writer.mergePolicy = MergePolicy(mergeFactor: 4, floorDocuments: 8)
            for _ in 0..<Int.random(in: 50...120, using: &rng) {
                try writer.add(
                    Document(
                        id: "doc\(Int.random(in: 0..<200, using: &rng))",
                        title: words.randomText(Int.random(in: 0...3, using: &rng), &rng),
                        body: words.randomText(Int.random(in: 0...200, using: &rng), &rng)))
            }
            for _ in 0..<6 { writer.delete(id: "doc\(Int.random(in: 0..<200, using: &rng))") }
            try writer.commit()
        }
    }

    func files(_ path: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) where name != "write.lock" {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        return result
    }

    @Test("several threads: byte-identical files run to run, same hits and scores as one thread")
    func deterministicAndEquivalent() throws {
        let a = try TemporaryDirectory(), b = try TemporaryDirectory(), single = try TemporaryDirectory()
        try build(a.path, threads: 3, seed: 11)
        try build(b.path, threads: 3, seed: 11)
        try build(single.path, threads: 1, seed: 11)
        let filesA = try files(a.path)
        #expect(filesA.count > 5)
        #expect(filesA == (try files(b.path)))
        let parallel = try IndexReader(directory: a.path)
        let serial = try IndexReader(directory: single.path)
        try parallel.check()
        #expect(parallel.documentCount == serial.documentCount)
        #expect(parallel.statistics.fieldLengths == serial.statistics.fieldLengths)
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<200 {
            let query = BruteForceSearchTests().randomQuery(&rng)
            let x = try parallel.search(query, limit: 1000)
            let y = try serial.search(query, limit: 1000)
            #expect(x.totalHits == y.totalHits, "\(query)")
            let sx = Dictionary(uniqueKeysWithValues: try x.hits.map { (try parallel.document($0.doc).id, $0.score) })
            let sy = Dictionary(uniqueKeysWithValues: try y.hits.map { (try serial.document($0.doc).id, $0.score) })
            #expect(sx == sy, "\(query)")
        }
    }
}
