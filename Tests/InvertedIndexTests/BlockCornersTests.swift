import TestSupport
import Testing

@testable import InvertedIndex

/// The skip entries' two (tf, length) corners: every document of a block is under one of them,
/// so their larger BM25 score bounds the block for any parameters; and they are never looser
/// than the single (largest tf, smallest length) corner at the default parameters.
@Suite("Block corners bound every document of a block")
struct BlockCornersTests {
    /// A block of `count` (tf, length) pairs of one of several shapes.
    func randomBlock(_ rng: inout SeededGenerator, count: Int) -> (freqs: [Int32], lengths: [UInt32]) {
        let shape = Int.random(in: 0..<4, using: &rng)
        var freqs: [Int32] = []
        var lengths: [UInt32] = []
        for _ in 0..<count {
            switch shape {
            case 0:  // all alike: many ties
                freqs.append(Int32.random(in: 1...2, using: &rng))
                lengths.append(UInt32.random(in: 10...12, using: &rng))
            case 1:  // tf grows with length (the loose case for one corner)
                let length = UInt32.random(in: 1...5_000, using: &rng)
                freqs.append(Int32(1 + length / UInt32.random(in: 50...500, using: &rng)))
                lengths.append(length)
            case 2:  // past the 16-bit fields
                freqs.append(Int32.random(in: 1...70_000, using: &rng))
                lengths.append(UInt32.random(in: 1...200_000, using: &rng))
            default:
                freqs.append(Int32.random(in: 1...40, using: &rng))
                lengths.append(UInt32.random(in: 1...800, using: &rng))
            }
        }
        // A length is at least its tf (the tokens counted include the term's).
        for i in 0..<count { lengths[i] = max(lengths[i], UInt32(freqs[i])) }
        return (freqs, lengths)
    }

    func corners(_ freqs: [Int32], _ lengths: [UInt32], average: Float) -> BlockCorners {
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: freqs.count)
        let minimums = UnsafeMutablePointer<UInt32>.allocate(capacity: freqs.count + 1)
        defer {
            keys.deallocate()
            minimums.deallocate()
        }
        return freqs.withUnsafeBufferPointer { freqBuffer in
            BlockCorners.choose(
                freqs: freqBuffer.baseAddress!, lengths: { lengths[$0] }, count: freqs.count, keys: keys,
                suffixMin: minimums, averageLength: average)
        }
    }

    @Test("corners dominate every pair, bound every score, and beat one corner", arguments: [1, 2, 3] as [UInt64])
    func dominate(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let count = Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1...5, using: &rng) : 128
            let (freqs, lengths) = randomBlock(&rng, count: count)
            let average = Float.random(in: 5...1_000, using: &rng)
            let chosen = corners(freqs, lengths, average: average)
            // As stored and read back.
            let stored = BlockCorners(
                low: .init(encoded: chosen.low.encoded), high: .init(encoded: chosen.high.encoded))
            #expect(stored.high.maxFreq >= UInt32(freqs.max()!) || stored.high.maxFreq == .max)
            for i in 0..<count {
                let (freq, length) = (UInt32(freqs[i]), lengths[i])
                #expect(
                    [stored.low, stored.high].contains { freq <= $0.maxFreq && length >= $0.minLength },
                    "pair (\(freq), \(length)) not under \(stored)")
            }
            // Any parameters: the larger corner score is at least every document's score.
            for _ in 0..<5 {
                let bm25 = BM25(k1: Float.random(in: 0...3, using: &rng), b: Float.random(in: 0...1, using: &rng))
                let norm = BM25.FieldNorm(bm25, averageLength: Float.random(in: 1...2_000, using: &rng))
                let weight = Float.random(in: 0.1...10, using: &rng)
                let bound = max(
                    norm.score(weight: weight, termFrequency: stored.low.maxFreq, length: stored.low.minLength),
                    norm.score(weight: weight, termFrequency: stored.high.maxFreq, length: stored.high.minLength))
                for i in 0..<count {
                    #expect(norm.score(weight: weight, termFrequency: UInt32(freqs[i]), length: lengths[i]) <= bound)
                }
            }
            // At the default parameters and this average, no looser than the one corner.
            let norm = BM25.FieldNorm(BM25(), averageLength: average)
            let one = BlockCorners.Corner(encoded: BlockCorners.Corner(maxFreq: UInt32(freqs.max()!), minLength: lengths.min()!).encoded)
            let single = norm.score(weight: 1, termFrequency: one.maxFreq, length: one.minLength)
            let two = max(
                norm.score(weight: 1, termFrequency: stored.low.maxFreq, length: stored.low.minLength),
                norm.score(weight: 1, termFrequency: stored.high.maxFreq, length: stored.high.minLength))
            #expect(two <= single * (1 + 1e-5))
        }
    }

    @Test("a block whose long documents hold the most occurrences gets a tight bound")
    func tighterThanOneCorner() {
        // 127 documents of length 1,000 with tf 20, one of length 10 with tf 1.
        let freqs = [Int32](repeating: 20, count: 127) + [1]
        let lengths = [UInt32](repeating: 1_000, count: 127) + [10]
        let chosen = corners(freqs, lengths, average: 300)
        #expect(chosen.low == .init(maxFreq: 1, minLength: 10))
        #expect(chosen.high == .init(maxFreq: 20, minLength: 1_000))
    }

    @Test("corner encoding: 16-bit fields, saturated tf reads as unbounded, lengths capped below")
    func encoding() {
        #expect(BlockCorners.Corner(encoded: BlockCorners.Corner(maxFreq: 7, minLength: 300).encoded) == .init(maxFreq: 7, minLength: 300))
        #expect(BlockCorners.Corner(encoded: BlockCorners.Corner(maxFreq: 65_534, minLength: 65_535).encoded) == .init(maxFreq: 65_534, minLength: 65_535))
        #expect(BlockCorners.Corner(encoded: BlockCorners.Corner(maxFreq: 65_535, minLength: 9).encoded).maxFreq == .max)
        #expect(BlockCorners.Corner(encoded: BlockCorners.Corner(maxFreq: 1 << 20, minLength: 1 << 20).encoded) == .init(maxFreq: .max, minLength: 65_535))
    }

    @Test("a damaged corner is reported when the postings open, never used as a bound")
    func damagedCorner() throws {
        var writer = PostingsWriter()
        let docs = (0..<300).map { Int32($0 * 3) }
        let freqs = docs.map { 1 + $0 % 5 }
        let positions = freqs.flatMap { freq in (0..<freq).map { $0 } }
        let lengths = (0..<900).map { UInt32(10 + $0 % 40) }
        let offsets = try writer.append(docs: docs, freqs: freqs, positions: positions, fieldLengths: lengths)
        let (postings, positionBytes) = writer.finish()
        for field in 3...4 {
            var damaged = postings
            damaged[offsets.postings + PostingsWriter.skipEntryBytes + field * 4] ^= 0x10  // block 1's corner
            damaged.withUnsafeBytes { postingsBytes in
                positionBytes.withUnsafeBytes { positionsBytes in
                    // The page checksums catch it, when the file or the term's skip table opens.
                    do throws(IndexError) {
                        let p = try IndexFile.openPaged(postingsBytes, kind: .postings, path: "damaged")
                        let q = try IndexFile.openPaged(positionsBytes, kind: .positions, path: "damaged")
                        _ = try PostingsIterator(
                            postings: p, positions: q, docCount: 900, docFreq: docs.count, postingsOffset: offsets.postings,
                            positionsOffset: offsets.positions)
                        Issue.record("a damaged skip entry opened")
                    } catch {
                        #expect(error.code == .corrupt, "\(error)")
                    }
                }
            }
        }
    }
}
