import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

/// The content hash and the per-commit table of source files (``SourceTable``).
struct SourceTableTests {
    /// Reference values from the xxHash project's own implementation (python-xxhash 4.1.0).
    @Test("ContentHasher equals XXH64 on reference vectors")
    func referenceVectors() {
        let cases: [([UInt8], UInt64)] = [
            ([], 0xEF46_DB37_51D8_E999),
            (Array("a".utf8), 0xD24E_C4F1_A98C_6E5B),
            (Array("abc".utf8), 0x44BC_2CF5_AD77_0999),
            ((0..<31).map { UInt8($0) }, 0xC346_D2B5_9B4D_8EE1),
            ((0..<32).map { UInt8($0) }, 0xCBF5_9C51_16FF_32B4),
            ((0..<100).map { UInt8($0) }, 0x6AC1_E580_3216_6597),
            ((0..<1000).map { UInt8($0 % 251) }, 0xF306_F04A_A88B_54D3),
        ]
        for (bytes, expected) in cases {
            #expect(ContentHasher.hash(bytes) == expected, "\(bytes.count) bytes")
        }
    }

    @Test("streaming in any split equals one call")
    func streamingSplits() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var hasher = ContentHasher()
            var offset = 0
            while offset < bytes.count {
                let take = Int.random(in: 0...min(70, bytes.count - offset), using: &rng)
                bytes[offset..<offset + take].withUnsafeBytes { hasher.update($0) }
                offset += take
            }
            #expect(hasher.finalize() == ContentHasher.hash(bytes))
        }
        // One flipped bit changes the hash.
        var bytes = (0..<64).map { UInt8($0) }
        let before = ContentHasher.hash(bytes)
        bytes[40] ^= 1
        #expect(ContentHasher.hash(bytes) != before)
    }

    /// Parses `bytes` as a table file named `path`.
    private func parse(_ bytes: [UInt8], path: String = "t") throws -> SourceTable {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        defer { copy.deallocate() }
        copy.copyBytes(from: bytes)
        return try SourceTable(UnsafeRawBufferPointer(copy), path: path)
    }

    private func randomTable(_ rng: inout SeededGenerator) -> SourceTable {
        var table = SourceTable()
        for index in 0..<Int.random(in: 0..<40, using: &rng) {
            let ids = (0..<Int.random(in: 0..<4, using: &rng)).map { "id-\(index)-\($0)-é" }
            table.entries["/data/\(UInt32.random(in: 0...UInt32.max, using: &rng))/f\(index).txt"] = SourceEntry(
                stamp: SourceStamp(
                    size: .random(in: 0...UInt64.max, using: &rng), modified: .random(in: Int64.min...Int64.max, using: &rng),
                    changed: .random(in: Int64.min...Int64.max, using: &rng)),
                hash: .random(in: 0...UInt64.max, using: &rng), readAt: .random(in: 0...Int64.max, using: &rng), ids: ids)
        }
        return table
    }

    @Test("round trip of random tables; every flipped byte and truncation is an error naming the file")
    func roundTripAndDamage() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<30 {
            let table = randomTable(&rng)
            let bytes = table.serialize()
            let parsed = try parse(bytes)
            #expect(parsed == table)
        }
        let bytes = randomTable(&rng).serialize()
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(throws: IndexError.self) { try parse(damaged) }
        }
        for length in [0, 4, 12, 16, bytes.count / 2, bytes.count - 1] {
            let cut = Array(bytes[..<length])
            do {
                _ = try parse(cut, path: "sources-7")
                Issue.record("a truncation to \(length) bytes parsed")
            } catch {
                #expect("\(error)".contains("sources-7"), "\(error)")
            }
        }
    }

    @Test("the table commits with the index, survives merges and optimize, and check verifies it")
    func committedAndCarriedOver() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/idx"
        var rng = SeededGenerator(seed: 3)
        let table = randomTable(&rng)
        do {
            let writer = try IndexWriter(directory: path)
            writer.mergePolicy = MergePolicy(mergeFactor: 2, floorDocuments: 1)
            try writer.add(Document(id: "a", title: "A", body: "alpha"))
            writer.pendingSources = table
            try writer.commit()
            // Commits without a new table (merges included) keep the table of the earlier one.
            for index in 0..<5 {
                try writer.add(Document(id: "d\(index)", title: "D", body: "delta \(index)"))
                try writer.commit()
            }
            try writer.optimize()
        }
        let reader = try IndexReader(directory: path)
        #expect(reader.segmentInfos.count == 1)
        #expect(try SourceTable.load(directory: path, generation: reader.generation) == table)
        let checked = try reader.check()
        #expect(checked.contains { $0.hasSuffix("/sources-1") }, "\(checked)")
        // Only the current table's file is kept.
        #expect(try directory.list("idx").filter { $0.hasPrefix("sources-") } == ["sources-1"])

        // A table written by a commit that never happened (crash before the manifest) is removed
        // by the next writer.
        _ = try directory.write("idx/sources-99", [1, 2, 3])
        _ = try IndexWriter(directory: path)
        #expect(!FileManager.default.fileExists(atPath: path + "/sources-99"))

        // A damaged table fails check, naming it.
        var bytes = try directory.read("idx/sources-1")
        bytes[bytes.count / 2] ^= 1
        _ = try directory.write("idx/sources-1", bytes)
        do {
            try IndexReader(directory: path).check()
            Issue.record("check passed a damaged source table")
        } catch {
            #expect("\(error)".contains("sources-1"), "\(error)")
        }

        // A missing table: queries never read it (the reader opens), check names it.
        try FileManager.default.removeItem(atPath: path + "/sources-1")
        let opened = try IndexReader(directory: path)
        #expect(opened.documentCount == 6)
        do {
            try opened.check()
            Issue.record("check passed without the source table")
        } catch {
            #expect(error.code == .io && "\(error)".contains("sources-1"), "\(error)")
        }
    }
}
