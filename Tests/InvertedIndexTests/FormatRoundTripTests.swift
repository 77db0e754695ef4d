import TestSupport
import Testing

@testable import InvertedIndex
import Tokenizer

/// Every on-disk structure written and read back, including empty and edge cases, and the
/// checksum catching a flipped byte.
@Suite("On-disk structures round-trip")
struct FormatRoundTripTests {
    func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    @Test("term dictionary: lookup, ordered iteration and misses", arguments: [0, 1, 31, 32, 33, 1000])
    func termDictionary(count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(count))
        var keys = Set<[UInt8]>()
        while keys.count < count {
            let length = Int.random(in: 1...12, using: &rng)
            keys.insert([UInt8.random(in: 0...2, using: &rng)] + (0..<length).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) })
        }
        let sorted = keys.sorted { $0.lexicographicallyPrecedes($1) }
        var writer = TermDictionaryWriter()
        var infos: [TermInfo] = []
        var postings = 12, positions = 12
        for key in sorted {
            let info = TermInfo(docFreq: Int.random(in: 1...1000, using: &rng), postingsOffset: postings, positionsOffset: positions)
            postings += Int.random(in: 1...300, using: &rng)
            positions += Int.random(in: 0...3000, using: &rng)
            infos.append(info)
            try key.withUnsafeBufferPointer { k in Result { () throws(IndexError) in try writer.add(k, info) } }.get()
        }
        let file = writer.finish()
        try withBytes(file) { bytes in
            let reader = try TermDictionaryReader(bytes, path: "t")
            #expect(reader.termCount == count)
            for (key, info) in zip(sorted, infos) {
                #expect(try key.withUnsafeBytes { try reader.lookup($0) } == info)
                var missing = key
                missing.append(0x7B)
                if !keys.contains(missing) { #expect(try missing.withUnsafeBytes { try reader.lookup($0) } == nil) }
            }
            var iterated: [[UInt8]] = []
            try reader.forEachTerm(from: UnsafeRawBufferPointer(start: nil, count: 0)) { key, _ in
                iterated.append(Array(key))
                return true
            }
            #expect(iterated == sorted)
            if let middle = sorted.dropFirst(count / 2).first {
                var fromMiddle: [[UInt8]] = []
                try middle.withUnsafeBytes { start in
                    try reader.forEachTerm(from: start) { key, _ in
                        fromMiddle.append(Array(key))
                        return fromMiddle.count < 5
                    }
                }
                #expect(fromMiddle == Array(sorted.dropFirst(count / 2).prefix(5)))
            }
        }
    }

    @Test("norms and dates")
    func norms() throws {
        let lengths: [[UInt32]] = [[0, 5, UInt32.max], [1, 0, 7]]
        let dates: [Int32] = [NormsReader.noDate, 0, 19_700]
        try withBytes(NormsWriter.serialize(lengths: lengths, dates: dates)) { bytes in
            let reader = try NormsReader(bytes, path: "n", docCount: 3)
            for doc in 0..<3 {
                #expect(reader.length(.text, Int32(doc)) == lengths[0][doc])
                #expect(reader.length(.title, Int32(doc)) == lengths[1][doc])
            }
            #expect(reader.date(0) == nil)
            #expect(reader.date(2)?.description == DocumentDate(daysSinceEpoch: 19_700).description)
            #expect(throws: IndexError.self) { try NormsReader(bytes, path: "n", docCount: 4) }
        }
    }

    @Test("stored fields, including empty and non-ASCII values")
    func storedFields() throws {
        let documents = [
            Document(id: "", title: "", body: ""),
            Document(id: "a/b.txt", title: "Café ☕", body: String(repeating: "x", count: 70_000)),
            Document(id: "3", title: "t", body: "日本語\u{0}nul"),
        ]
        var writer = StoredFieldsWriter()
        for document in documents { writer.add(document) }
        try withBytes(writer.finish()) { bytes in
            let reader = try StoredFieldsReader(bytes, path: "s", docCount: documents.count)
            for (doc, document) in documents.enumerated() {
                let stored = try reader.document(Int32(doc))
                #expect(stored.id == document.id && stored.title == document.title && stored.body == document.body)
                #expect(try reader.id(Int32(doc)) == document.id)
            }
        }
    }

    @Test("deletions with statistics")
    func deletions() throws {
        var deletions = Deletions(docCount: 130)
        for doc: Int32 in [0, 63, 64, 129] { deletions.insert(doc) }
        deletions.lengths = [17, 3]
        deletions.docFreqs = [[0, 0x61]: 2, [1, 0x62, 0x63]: 1]
        try withBytes(deletions.serialize(docCount: 130)) { bytes in
            let read = try Deletions(bytes, path: "d", docCount: 130)
            #expect(read.count == 4)
            #expect((0..<130).filter { read.contains(Int32($0)) } == [0, 63, 64, 129])
            #expect(read.lengths == [17, 3])
            #expect(read.docFreqs == deletions.docFreqs)
        }
    }

    @Test("manifest")
    func manifest() throws {
        let manifest = Manifest(
            generation: 7, analyzer: .simple, nextSegmentID: 12,
            segments: [
                SegmentInfo(id: 3, docCount: 10, fieldLengths: [100, 20], deletionGeneration: 2, deletedCount: 4),
                SegmentInfo(id: 11, docCount: 1, fieldLengths: [0, 0]),
            ])
        try withBytes(manifest.serialize()) { bytes in
            let read = try Manifest(bytes, path: "m")
            #expect(read.generation == 7 && read.analyzer == .simple && read.nextSegmentID == 12)
            #expect(read.segments == manifest.segments)
        }
    }

    @Test("a flipped byte anywhere fails the checksum; a truncated file is an error")
    func checksum() throws {
        let bytes = Manifest(generation: 1, analyzer: .standard, nextSegmentID: 2, segments: [
            SegmentInfo(id: 1, docCount: 3, fieldLengths: [9, 2])
        ]).serialize()
        for index in bytes.indices {
            var damaged = bytes
            damaged[index] ^= 0x10
            #expect(throws: IndexError.self) { try damaged.withUnsafeBytes { try Manifest($0, path: "m") } }
        }
        for length in 0..<bytes.count {
            #expect(throws: IndexError.self) { try Array(bytes.prefix(length)).withUnsafeBytes { try Manifest($0, path: "m") } }
        }
    }
}
