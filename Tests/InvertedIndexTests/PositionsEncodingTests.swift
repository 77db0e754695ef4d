import TestSupport
import Testing

@testable import InvertedIndex

@Suite("Patched packing and block-encoded positions round-trip")
struct PositionsEncodingTests {
    /// Value patterns: every edge a width choice can hit.
    static let patterns = ["zeros", "max", "random", "one outlier", "many outliers", "small", "mixed widths"]

    static func values(_ pattern: String, count: Int, seed: UInt64) -> [UInt32] {
        var rng = SeededGenerator(seed: seed)
        switch pattern {
        case "zeros": return [UInt32](repeating: 0, count: count)
        case "max": return [UInt32](repeating: .max, count: count)
        case "random": return (0..<count).map { _ in UInt32.random(in: 0...UInt32.max, using: &rng) }
        case "one outlier":
            var values = (0..<count).map { _ in UInt32.random(in: 0..<8, using: &rng) }
            values[count / 2] = .max
            return values
        case "many outliers":
            return (0..<count).map { _ in
                Int.random(in: 0..<10, using: &rng) == 0 ? UInt32.random(in: 1 << 20...1 << 30, using: &rng) : 3
            }
        case "small": return (0..<count).map { _ in UInt32.random(in: 0...1, using: &rng) }
        default:
            return (0..<count).map { _ in
                let width = Int.random(in: 0...32, using: &rng)
                return width == 0 ? 0 : UInt32.random(in: 0...UInt32.max, using: &rng) >> UInt32(32 - width)
            }
        }
    }

    @Test(
        "PFOR blocks round-trip every count and pattern, with and without exceptions",
        arguments: patterns, [true, false])
    func patchedPacking(pattern: String, exceptions: Bool) {
        for count in [1, 2, 7, 8, 9, 64, 127, 128] {
            let values = Self.values(pattern, count: count, seed: UInt64(count))
            var writer = ByteWriter()
            values.withUnsafeBufferPointer {
                PatchedPacking.pack($0.baseAddress!, count: count, exceptions: exceptions, into: &writer)
            }
            if !exceptions {
                // Plain frame of reference: no exceptions, the widest value's width.
                #expect(writer.bytes[1] == 0 && Int(writer.bytes[0]) == values.map(BitPacking.bitWidth).max()!)
            }
            let bytes = writer.bytes + [UInt8](repeating: 0xFF, count: 8)  // unpack reads past the end
            let size = bytes.withUnsafeBytes { PatchedPacking.blockSize($0, at: 0, count: count) }
            #expect(size == writer.count)
            var decoded = [UInt32](repeating: 7, count: 128)
            let valid = bytes.withUnsafeBytes { source in
                decoded.withUnsafeMutableBufferPointer {
                    PatchedPacking.unpack(source.baseAddress!, count: count, into: $0.baseAddress!)
                }
            }
            #expect(valid)
            #expect(Array(decoded.prefix(count)) == values, "count \(count)")
            // Never larger than plain packing at the widest value plus the header.
            let widest = values.map(BitPacking.bitWidth).max()!
            #expect(writer.count <= PatchedPacking.headerSize + BitPacking.packedSize(width: widest, count: count))
        }
    }

    @Test("a block header that claims too much is refused, not read")
    func hostileHeaders() {
        for header: [UInt8] in [[33, 0, 0], [4, 129, 4], [20, 3, 13], [4, 0, 2], [4, 2, 0], [32, 0, 0]] {
            let bytes = header + [UInt8](repeating: 0, count: 40)
            #expect(bytes.withUnsafeBytes { PatchedPacking.blockSize($0, at: 0) } == nil, "\(header)")
        }
        // Exception indexes out of order or out of range.
        for indexes: [UInt8] in [[5, 5], [9, 3], [3, 200]] {
            var bytes: [UInt8] = [1, 2, 8] + [UInt8](repeating: 0, count: 16) + indexes + [1, 1]
            bytes += [UInt8](repeating: 0, count: 8)
            #expect(bytes.withUnsafeBytes { PatchedPacking.blockSize($0, at: 0) } != nil)
            var decoded = [UInt32](repeating: 0, count: 128)
            let valid = bytes.withUnsafeBytes { source in
                decoded.withUnsafeMutableBufferPointer { PatchedPacking.unpack(source.baseAddress!, into: $0.baseAddress!) }
            }
            #expect(!valid, "\(indexes)")
        }
    }

    /// One term in one document with `count` positions ending at `last`.
    func singleDocument(count: Int, last: Int32, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var positions = Set<Int32>([last])
        while positions.count < count { positions.insert(Int32.random(in: 0..<last, using: &rng)) }
        let sorted = positions.sorted()
        var writer = PostingsWriter()
        let offsets = try writer.append(docs: [3], freqs: [Int32(count)], positions: sorted, fieldLengths: [UInt32](repeating: 9, count: 5))
        let (postings, positionsFile) = writer.finish()
        try postings.withUnsafeBytes { p in
            try positionsFile.withUnsafeBytes { q in
                let iterator = try PostingsIterator(
                    postings: try IndexFile.openPaged(p, kind: .postings, path: "test"),
                    positions: try IndexFile.openPaged(q, kind: .positions, path: "test"), docCount: 5, docFreq: 1,
                    postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                #expect(try iterator.next() == 3)
                for _ in 0..<2 {  // asked twice: the same list
                    var list: [Int32] = []
                    try iterator.positions(into: &list)
                    #expect(list == sorted, "count \(count)")
                }
            }
        }
    }

    @Test("one document's positions: 1, 7, 8, 127, 128, 129, 256, 257 values, up to Int32.max")
    func edgeCounts() throws {
        for count in [1, 7, 8, 127, 128, 129, 255, 256, 257, 1000] {
            try singleDocument(count: count, last: Int32(count) * 3, seed: UInt64(count))
            try singleDocument(count: count, last: .max, seed: UInt64(count) + 100)
        }
    }

    @Test("a damaged tf asking for more positions than the file can hold is corrupt, before any allocation")
    func implausibleFrequency() throws {
        var writer = PostingsWriter()
        let offsets = try writer.append(
            docs: [3], freqs: [2], positions: [1, 5], fieldLengths: [UInt32](repeating: 9, count: 5))
        let (postings, positions) = writer.finish()
        // One document, so the term is all tail: varint (gap 3 << 1), then varint tf 2.
        var damaged = Array(postings)
        #expect(Array(damaged[offsets.postings..<offsets.postings + 2]) == [6, 2])
        let hugeTF: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x04]  // 1 << 30
        damaged.replaceSubrange(offsets.postings + 1..<offsets.postings + 2, with: hugeTF)
        let outcome: Result<Void, IndexError> = damaged.withUnsafeBytes { p in
            positions.withUnsafeBytes { q in
                Result { () throws(IndexError) in
                    let iterator = try PostingsIterator(
                        postings: PageVerifier(trusting: p, path: "test"),
                        positions: try IndexFile.openPaged(q, kind: .positions, path: "test"),
                        docCount: 5, docFreq: 1, postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                    #expect(try iterator.next() == 3)
                    var list: [Int32] = []
                    try iterator.positions(into: &list)
                }
            }
        }
        guard case .failure(let error) = outcome else {
            Issue.record("a tf of 2^30 over a few bytes of positions read without error")
            return
        }
        #expect(error.code == .corrupt)
        // Rejected by the plausibility bound, not by decoding into a 4 GiB buffer first.
        #expect(error.message.contains("cannot fit"), "\(error)")
    }

    @Test("positions past the term's count or truncated are corrupt, never a crash")
    func damagedPositions() throws {
        var writer = PostingsWriter()
        let docs = Array(Int32(0)..<300)
        let offsets = try writer.append(
            docs: docs, freqs: docs.map { _ in 2 }, positions: docs.flatMap { _ in [Int32(1), 5000] },
            fieldLengths: [UInt32](repeating: 9, count: 300))
        let (postings, positions) = writer.finish()
        let covered = try positions.withUnsafeBytes { try IndexFile.openPaged($0, kind: .positions, path: "t").covered }
        let payload = Array(positions.prefix(covered))
        // Cut the positions anywhere: reading every document fails cleanly or succeeds.
        for cut in stride(from: IndexFile.headerSize, to: payload.count, by: 7) {
            let truncated = Array(payload.prefix(cut))
            let outcome: Result<Void, IndexError> = postings.withUnsafeBytes { p in
                truncated.withUnsafeBytes { q in
                    Result { () throws(IndexError) in
                        let iterator = try PostingsIterator(
                            postings: try IndexFile.openPaged(p, kind: .postings, path: "test"),
                            positions: PageVerifier(trusting: q, path: "test"),
                            docCount: 300, docFreq: 300, postingsOffset: offsets.postings,
                            positionsOffset: offsets.positions)
                        var list: [Int32] = []
                        while try iterator.next() != PostingsIterator.exhausted { try iterator.positions(into: &list) }
                    }
                }
            }
            guard case .failure(let error) = outcome else {
                Issue.record("a truncated positions file read without error (cut at \(cut))")
                continue
            }
            #expect(error.code == .corrupt)
        }
    }
}
