import TestSupport
import Testing

@testable import InvertedIndex

@Suite("Postings and bit packing round-trip")
struct PostingsRoundTripTests {
    @Test("bit packing round-trips every width", arguments: Array(0...32))
    func bitPacking(width: Int) {
        var rng = SeededGenerator(seed: UInt64(width))
        let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
        var values = (0..<128).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
        if width > 0 { values[5] = UInt32(truncatingIfNeeded: mask) }
        var writer = ByteWriter()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: width, into: &writer) }
        #expect(writer.count == BitPacking.packedSize(width: width))
        var padded = writer.bytes + [UInt8](repeating: 0, count: 8)
        var decoded = [UInt32](repeating: 1, count: 128)
        padded.withUnsafeMutableBytes { source in
            decoded.withUnsafeMutableBufferPointer {
                BitPacking.unpack(UnsafeRawPointer(source.baseAddress!), width: width, into: $0.baseAddress!)
            }
        }
        #expect(decoded == values)
    }

    @Test("bit packing round-trips short blocks (8-value groups and the remainder)", arguments: Array(0...32))
    func bitPackingShort(width: Int) {
        var rng = SeededGenerator(seed: 1000 + UInt64(width))
        let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
        for count in [1, 5, 7, 8, 9, 16, 23, 64, 100, 127] {
            let values = (0..<count).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
            var writer = ByteWriter()
            values.withUnsafeBufferPointer {
                BitPacking.pack($0.baseAddress!, count: count, width: width, into: &writer)
            }
            #expect(writer.count == BitPacking.packedSize(width: width, count: count))
            // Exactly 7 readable bytes past the packed ones, as the decoder's contract says.
            var padded = writer.bytes + [UInt8](repeating: 0xFF, count: 7)
            var decoded = [UInt32](repeating: 7, count: count + 1)
            padded.withUnsafeMutableBytes { source in
                decoded.withUnsafeMutableBufferPointer {
                    BitPacking.unpack(
                        UnsafeRawPointer(source.baseAddress!), count: count, width: width, into: $0.baseAddress!)
                }
            }
            #expect(Array(decoded.prefix(count)) == values, "width \(width), count \(count)")
            #expect(decoded[count] == 7, "wrote past the count")
        }
    }

    /// Writes terms with the given doc counts, then reads each back with next(), advance()
    /// and positions().
    func roundTrip(docCounts: [Int], docCount: Int, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var writer = PostingsWriter()
        // Some lengths past the corners' 16 bits (stored capped).
        let lengths = (0..<docCount).map { _ in
            Int.random(in: 0..<50, using: &rng) == 0
                ? UInt32.random(in: 60_000...200_000, using: &rng) : UInt32.random(in: 1...500, using: &rng)
        }
        var terms: [(docs: [Int32], freqs: [Int32], positions: [[Int32]], offsets: PostingsWriter.Offsets)] = []
        for count in docCounts {
            let docs = Array((0..<Int32(docCount)).shuffled(using: &rng).prefix(count)).sorted()
            let freqs = docs.map { _ in Int32.random(in: 1...(Bool.random(using: &rng) ? 3 : 40), using: &rng) }
            let positions = freqs.map { freq in
                Array(Set((0..<Int(freq) * 3).map { _ in Int32.random(in: 0..<100_000, using: &rng) }).sorted().prefix(Int(freq)))
            }
            let fixedFreqs = positions.map { Int32($0.count) }
            let offsets = try writer.append(
                docs: docs, freqs: fixedFreqs, positions: positions.flatMap { $0 }, fieldLengths: lengths)
            terms.append((docs, fixedFreqs, positions, offsets))
        }
        let (postings, positions) = writer.finish()
        try postings.withUnsafeBytes { postingsBytes in
            try positions.withUnsafeBytes { positionsBytes in
                let p = try IndexFile.openPaged(postingsBytes, kind: .postings, path: "test")
                let q = try IndexFile.openPaged(positionsBytes, kind: .positions, path: "test")
                for term in terms {
                    let iterator = try PostingsIterator(
                        postings: p, positions: q, docCount: docCount, docFreq: term.docs.count,
                        postingsOffset: term.offsets.postings, positionsOffset: term.offsets.positions)
                    var seen: [Int32] = []
                    var index = 0
                    while try iterator.next() != PostingsIterator.exhausted {
                        seen.append(iterator.doc)
                        #expect(iterator.freq == term.freqs[index])
                        if index % 3 == 0 {
                            var list: [Int32] = []
                            try iterator.positions(into: &list)
                            #expect(list == term.positions[index])
                        }
                        index += 1
                    }
                    #expect(seen == term.docs)
                    // Each full block's skip corners bound every document of the block.
                    for block in 0..<iterator.blockCount {
                        let corners = iterator.blockCorners(block)
                        for i in block * BitPacking.blockSize..<(block + 1) * BitPacking.blockSize {
                            let (freq, length) = (UInt32(term.freqs[i]), lengths[Int(term.docs[i])])
                            #expect(
                                [corners.low, corners.high].contains { freq <= $0.maxFreq && length >= $0.minLength },
                                "block \(block) doc \(term.docs[i]): \(corners)")
                        }
                    }
                    // advance() to random targets agrees with a linear search.
                    let skipping = try PostingsIterator(
                        postings: p, positions: q, docCount: docCount, docFreq: term.docs.count,
                        postingsOffset: term.offsets.postings, positionsOffset: term.offsets.positions)
                    var target: Int32 = 0
                    while true {
                        target += Int32.random(in: 1...400, using: &rng)
                        let got = try skipping.advance(to: target)
                        let want = term.docs.first { $0 >= target } ?? PostingsIterator.exhausted
                        #expect(got == want)
                        if got == PostingsIterator.exhausted { break }
                        let at = term.docs.firstIndex(of: got)!
                        var list: [Int32] = []
                        try skipping.positions(into: &list)
                        #expect(list == term.positions[at])
                    }
                }
            }
        }
    }

    @Test("edge sizes: 1, 127, 128, 129, 256, 257 documents and dense runs")
    func edgeSizes() throws {
        try roundTrip(docCounts: [1, 127, 128, 129, 256, 257, 1000, 2000, 2], docCount: 2000, seed: 7)
    }

    @Test("random sizes", arguments: [11, 12, 13] as [UInt64])
    func randomSizes(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let sizes = (0..<15).map { _ in Int.random(in: 1...900, using: &rng) }
        try roundTrip(docCounts: sizes, docCount: 5000, seed: seed)
    }
}
