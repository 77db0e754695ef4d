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
        // A full block is vertical: its decoder reads exactly the packed bytes, no padding.
        var padded = writer.bytes
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

    @Test("a skip entry's positions block offset: where the positions are, and damage gives an error or wrong positions, never a read outside the file")
    func positionsBlockOffsets() throws {
        var writer = PostingsWriter()
        // 400 documents with 1–9 positions each: 3 full blocks and a tail over about 16
        // positions blocks.
        let docs = (0..<400).map { Int32($0 * 2) }
        let freqs = docs.map { 1 + $0 % 9 }
        let positions = freqs.map { freq in (0..<freq).map { $0 * 3 } }
        let lengths = [UInt32](repeating: 50, count: 800)
        let offsets = try writer.append(docs: docs, freqs: freqs, positions: positions.flatMap { $0 }, fieldLengths: lengths)
        let (postings, positionBytes) = writer.finish()
        // One document in block 0, then one in each later block and the tail: every read after
        // the first starts several positions blocks further on, reached only by the jump.
        let picks = [5, 200, 300, 395]

        func readBack(_ postings: [UInt8]) throws -> [[Int32]] {
            try postings.withUnsafeBytes { postingsBytes in
                try positionBytes.withUnsafeBytes { positionsBytes in
                    let p = try IndexFile.openPaged(postingsBytes, kind: .postings, path: "test")
                    let q = try IndexFile.openPaged(positionsBytes, kind: .positions, path: "test")
                    let iterator = try PostingsIterator(
                        postings: p, positions: q, docCount: 800, docFreq: docs.count, postingsOffset: offsets.postings,
                        positionsOffset: offsets.positions)
                    return try picks.map { i in
                        guard try iterator.advance(to: docs[i]) == docs[i] else { throw IndexError.corrupt("lost doc", path: "test") }
                        var list: [Int32] = []
                        try iterator.positions(into: &list)
                        return list
                    }
                }
            }
        }
        func field(_ bytes: [UInt8], _ at: Int) -> UInt32 {
            bytes[at..<at + 4].enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        }
        func setField(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
            for k in 0..<4 { bytes[at + k] = UInt8(truncatingIfNeeded: value >> (8 * k)) }
        }
        let expected = picks.map { positions[$0] }
        #expect(try readBack(postings) == expected)

        // The offsets are used: moved by a byte or more (checksums recomputed), the reads land
        // elsewhere — wrong positions or a corruption error, never a crash.
        let skip = offsets.postings
        let jumpFields = [1, 2].map { skip + $0 * PostingsWriter.skipEntryBytes + 5 * 4 } + [skip + 3 * PostingsWriter.skipEntryBytes + 4]
        for (entry, at) in zip([1, 2, 3], jumpFields) {
            for delta: UInt32 in [1, 7, 1 << 20, .max] {
                var damaged = postings
                setField(&damaged, at, field(damaged, at) &+ delta)
                IndexFile.reseal(&damaged)
                do {
                    #expect(try readBack(damaged) != expected, "entry \(entry)'s offset moved by \(delta) still reads right")
                } catch let error as IndexError {
                    #expect(error.code == .corrupt, "\(error)")
                }
            }
        }

        // A negative last doc in the entry before the tail (found by the segment fuzzer: the
        // tail's doc ids started below zero) is a corruption error.
        var negative = postings
        setField(&negative, skip + 2 * PostingsWriter.skipEntryBytes, 0xFFFF_FFF0)
        IndexFile.reseal(&negative)
        #expect(throws: IndexError.self) { _ = try readBack(negative) }
        // …and the tail's exact bound (pruning reads it without iterating) gives none, never
        // scoring a doc id below zero.
        try negative.withUnsafeBytes { postingsBytes in
            try positionBytes.withUnsafeBytes { positionsBytes in
                let iterator = try PostingsIterator(
                    postings: try IndexFile.openPaged(postingsBytes, kind: .postings, path: "test"),
                    positions: try IndexFile.openPaged(positionsBytes, kind: .positions, path: "test"),
                    docCount: 800, docFreq: docs.count, postingsOffset: offsets.postings, positionsOffset: offsets.positions)
                var lowest = Int32.max
                #expect(iterator.tailMaxScore { _, doc in lowest = min(lowest, doc); return 1 } == nil)
                #expect(lowest >= 0)
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
