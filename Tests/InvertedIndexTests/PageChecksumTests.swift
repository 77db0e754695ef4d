import TestSupport
import Foundation
import Testing
import Synchronization

@testable import InvertedIndex

/// Page checksum tables (format 4): written as bytes stream out, verified on first use.
struct PageChecksumTests {
    /// A complete file of `kind` whose covered bytes (header included) number `covered`.
    static func file(kind: IndexFile.Kind, covered: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        var writer = ByteWriter()
        IndexFile.writeHeader(&writer, kind: kind)
        for _ in IndexFile.headerSize..<covered { writer.write(UInt8.random(in: 0...255, using: &rng)) }
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    @Test("round trip: empty payload, 1 byte, exactly one page, a page + 1, many pages and groups")
    func roundTrip() throws {
        let page = PageLayout.pageSize
        for covered in [12, 13, page, page + 1, 2 * page - 1, 3 * page, PageLayout.groupPages * page + 5 * page + 17] {
            let bytes = Self.file(kind: .postings, covered: covered, seed: UInt64(covered))
            let pages = (covered + page - 1) / page
            let groups = (pages + PageLayout.groupPages - 1) / PageLayout.groupPages
            #expect(bytes.count == covered + 4 * pages + 4 * groups + PageLayout.trailerSize + IndexFile.footerSize)
            try bytes.withUnsafeBytes { raw in
                try IndexFile.validate(raw, kind: .postings, path: "p", verifyChecksum: true)
                let verifier = try IndexFile.openPaged(raw, kind: .postings, path: "p")
                #expect(verifier.covered == covered)
                try verifier.verifyAll()
                #expect(verifier.hashCount == pages)
            }
            // The streaming writer produces the same bytes, whatever the chunking.
            let directory = try TemporaryDirectory()
            for chunk in [1, 7, page - 3, 1 << 20] {
                let output = try FileOutput(path: directory.path + "/f")
                var offset = 0
                while offset < covered {
                    let end = min(offset + chunk, covered)
                    output.buffer.write(bytes: bytes[offset..<end])
                    try output.drain(force: true)
                    offset = end
                }
                try output.finish()
                #expect(try directory.read("f") == bytes, "covered \(covered), chunk \(chunk)")
            }
        }
    }

    @Test("a file of format version 3 asks for a rebuild")
    func olderVersion() {
        var bytes = Self.file(kind: .termDictionary, covered: 100, seed: 1)
        bytes[8] = 3
        bytes.withUnsafeBytes { raw in
            do throws(IndexError) {
                _ = try IndexFile.openPaged(raw, kind: .termDictionary, path: "t")
                Issue.record("a version 3 file opened")
            } catch {
                #expect(error.code == .unsupportedVersion && error.message.contains("rebuild"), "\(error)")
            }
        }
    }

    @Test("small kinds carry no page table")
    func smallKinds() {
        var writer = ByteWriter()
        IndexFile.writeHeader(&writer, kind: .manifest)
        writer.write(UInt64(7))
        IndexFile.writeFooter(&writer)
        #expect(writer.bytes.count == IndexFile.headerSize + 8 + IndexFile.footerSize)
    }

    @Test("a flipped byte is reported by the first verify of its page, naming the file and page")
    func flippedBytes() throws {
        let page = PageLayout.pageSize
        let covered = 5 * page + 100
        let original = Self.file(kind: .storedFields, covered: covered, seed: 9)
        var rng = SeededGenerator(seed: 10)
        for offset in [0, 11, 12, page - 1, page, 3 * page + 7, covered - 1] + (0..<20).map({ _ in Int.random(in: 12..<covered, using: &rng) }) {
            var bytes = original
            bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
            try bytes.withUnsafeBytes { raw in
                // Opening verifies the header's page.
                guard offset >= page else {
                    #expect(throws: IndexError.self) { try IndexFile.openPaged(raw, kind: .storedFields, path: "s") }
                    return
                }
                let verifier = try IndexFile.openPaged(raw, kind: .storedFields, path: "s")
                let damaged = offset / page
                for other in 0..<(covered + page - 1) / page where other != damaged {
                    try verifier.verify(other * page, other * page + 1)
                }
                do throws(IndexError) {
                    try verifier.verify(offset, offset + 1)
                    Issue.record("byte \(offset) flipped: not reported")
                } catch {
                    #expect(error.code == .corrupt && error.path == "s" && error.message.contains("(page \(damaged))"), "\(error)")
                }
                // The non-throwing form remembers it.
                #expect(!verifier.check(at: offset))
                #expect(throws: IndexError.self) { try verifier.throwIfDamaged() }
            }
        }
        // Damage in the table: the group checksum catches it on open or on first use.
        for offset in covered..<original.count - IndexFile.footerSize {
            var bytes = original
            bytes[offset] ^= 0x40
            let failed = bytes.withUnsafeBytes { raw -> Bool in
                do throws(IndexError) {
                    try IndexFile.openPaged(raw, kind: .storedFields, path: "s").verifyAll()
                    return false
                } catch {
                    return error.path == "s"
                }
            }
            #expect(failed, "table byte \(offset) flipped")
        }
    }

    /// An index of a few hundred documents: several pages in each file kind.
    static func buildIndex(_ path: String) throws {
        var rng = SeededGenerator(seed: 77)
        let words = (0..<400).map { "w\($0)" } + ["river", "stone", "mill"]
        let writer = try IndexWriter(directory: path, analyzer: .simple)
        for index in 0..<1500 {
            let body = (0..<Int.random(in: 5...60, using: &rng)).map { _ in words.randomElement(using: &rng)! }
            try writer.add(
                Document(
                    id: "doc\(index)", title: "title \(index)", date: DocumentDate(daysSinceEpoch: Int32(index)),
                    body: body.joined(separator: " ")))
        }
        try writer.commit()
    }

    /// Reads everything as queries would (every term's postings and positions, every norm,
    /// every stored document), without `check`'s whole-file verification.
    static func readEverything(_ reader: IndexReader) throws(IndexError) {
        for segment in reader.segments {
            try segment.checkStructure()
            for doc in 0..<Int32(segment.info.docCount) {
                for field in Field.scored { _ = segment.norms.length(field, doc) }
                _ = try segment.document(doc)
            }
            try segment.throwIfDamaged()
        }
    }

    @Test("a flipped byte in any page of each file kind is an error naming the file on first use")
    func everyPageOfEveryKind() throws {
        let directory = try TemporaryDirectory()
        try Self.buildIndex(directory.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { name in
            guard let kind = IndexFile.Kind.allCases.first(where: { name.hasSuffix("." + $0.fileExtension) }) else { return false }
            return kind.isPaged
        }
        #expect(names.count == 5, "\(names)")
        var rng = SeededGenerator(seed: 5)
        for name in names.sorted() {
            let path = directory.path + "/" + name
            let original = try directory.read(name)
            let covered = try original.withUnsafeBytes { try IndexFile.openPaged($0, kind: Self.kindOf(name), path: path).covered }
            let pages = (covered + PageLayout.pageSize - 1) / PageLayout.pageSize
            #expect(pages >= 2 || name.hasSuffix(".norms") || name.hasSuffix(".terms"), "\(name): \(pages) pages")
            for page in 0..<pages {
                var bytes = original
                let offset = min(page * PageLayout.pageSize + Int.random(in: 0..<PageLayout.pageSize, using: &rng), covered - 1)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &rng)
                try directory.write(name, bytes)
                do throws(IndexError) {
                    try Self.readEverything(try IndexReader(directory: directory.path))
                    Issue.record("\(name) byte \(offset) flipped: read without error")
                } catch {
                    #expect(error.code == .corrupt && error.path == path, "\(name) byte \(offset): \(error)")
                }
            }
            try directory.write(name, original)
        }
        try Self.readEverything(try IndexReader(directory: directory.path))
    }

    @Test("resealed damage (checksums recomputed) meets the structural checks: an error or an answer, no crash")
    func resealedDamage() throws {
        let directory = try TemporaryDirectory()
        try Self.buildIndex(directory.path)
        var rng = SeededGenerator(seed: 6)
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name != "write.lock" {
            let original = try directory.read(name)
            var same = original
            IndexFile.reseal(&same)
            #expect(same == original, "\(name): resealing an intact file changes it")
            for _ in 0..<4 {
                var bytes = original
                bytes[Int.random(in: IndexFile.headerSize..<bytes.count - IndexFile.footerSize, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
                IndexFile.reseal(&bytes)
                try directory.write(name, bytes)
                _ = try? Self.readEverything(try IndexReader(directory: directory.path))
            }
            try directory.write(name, original)
        }
    }

    @Test("threads sharing a reader verify pages concurrently and agree with one thread")
    func concurrentFirstUse() throws {
        let directory = try TemporaryDirectory()
        try Self.buildIndex(directory.path)
        let queries = try ["river", "\"river stone\"", "mill -stone", "w1*", "w12 w13 w14"].map { try QueryParser.parse($0) }
        let expected = try IndexReader(directory: directory.path).search(queries[1], limit: 20).hits
        let reader = try IndexReader(directory: directory.path)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            do {
                for round in 0..<queries.count {
                    let query = queries[(worker + round) % queries.count]
                    let hits = try reader.search(query, limit: 20).hits
                    for hit in hits { _ = try reader.document(hit.doc) }
                    if query == queries[1] && hits != expected { failures.add(1, ordering: .relaxed) }
                }
                if worker % 2 == 0 { try Self.readEverything(reader) }
            } catch {
                failures.add(1, ordering: .relaxed)
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
        let total = reader.segments.flatMap { $0.pageVerifiers.map { ($0.covered + $0.pageSize - 1) / $0.pageSize } }
        let hashed = reader.segments.flatMap { $0.pageVerifiers.map(\.hashCount) }
        #expect(zip(hashed, total).allSatisfy { $0 >= $1 && $0 <= 8 * $1 }, "\(hashed) of \(total)")
    }

    static func kindOf(_ name: String) -> IndexFile.Kind {
        IndexFile.Kind.allCases.first { name.hasSuffix("." + $0.fileExtension) }!
    }

    @Test("a verified page is not hashed again; a query hashes only the pages it reads")
    func verifiedOnce() throws {
        let directory = try TemporaryDirectory()
        try Self.buildIndex(directory.path)
        let reader = try IndexReader(directory: directory.path)
        func hashed() -> [Int] { reader.segments.flatMap { $0.pageVerifiers.map(\.hashCount) } }
        let opened = hashed()
        let query = try QueryParser.parse("\"river stone\" OR mill")
        let first = try reader.search(query, limit: 10)
        for hit in first.hits { _ = try reader.document(hit.doc) }
        let afterFirst = hashed()
        #expect(afterFirst != opened)
        let second = try reader.search(query, limit: 10)
        for hit in second.hits { _ = try reader.document(hit.doc) }
        #expect(hashed() == afterFirst, "a second identical query hashed pages again")
        #expect(first.hits == second.hits)
        let total = reader.segments.flatMap { $0.pageVerifiers.map { ($0.covered + $0.pageSize - 1) / $0.pageSize } }
        #expect(afterFirst.reduce(0, +) < total.reduce(0, +), "hashed \(afterFirst) of \(total) pages")
        try Self.readEverything(reader)
        #expect(hashed() == total, "reading everything hashes every page exactly once")
    }
}
