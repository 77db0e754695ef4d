import TestSupport
import Testing

@testable import InvertedIndex

/// The block compressor: round-trips of every kind of input, and a decoder that rejects
/// damaged input without crashing or reading out of bounds.
@Suite("LZ block compression")
struct LZBlockTests {
    func compress(_ input: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: LZBlock.maxCompressedSize(input.count))
        var table = [Int32](repeating: 7, count: LZBlock.tableSize)
        let size = input.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { output in
                table.withUnsafeMutableBufferPointer { LZBlock.compress(input, into: output, table: $0) }
            }
        }
        return Array(output[..<size])
    }

    /// The decompressed bytes, or `nil` when the decoder reports damage.
    func decompress(_ compressed: [UInt8], rawLength: Int) -> [UInt8]? {
        // Guard bytes on both sides catch any write out of bounds.
        var buffer = [UInt8](repeating: 0xA5, count: rawLength + 64)
        let ok = compressed.withUnsafeBytes { input in
            buffer.withUnsafeMutableBytes { all in
                LZBlock.decompress(input, into: UnsafeMutableRawBufferPointer(rebasing: all[32..<32 + rawLength]))
            }
        }
        #expect(buffer[..<32].allSatisfy { $0 == 0xA5 } && buffer[(32 + rawLength)...].allSatisfy { $0 == 0xA5 })
        return ok ? Array(buffer[32..<32 + rawLength]) : nil
    }

    func expectRoundTrip(_ input: [UInt8], _ comment: Comment? = nil) {
        let compressed = compress(input)
        #expect(compressed.count <= LZBlock.maxCompressedSize(input.count), comment)
        #expect(decompress(compressed, rawLength: input.count) == input, comment)
        // Any other output size is damage.
        #expect(decompress(compressed, rawLength: input.count + 1) == nil, comment)
        if !input.isEmpty { #expect(decompress(compressed, rawLength: input.count - 1) == nil, comment) }
    }

    func text(_ count: Int, _ rng: inout SeededGenerator) -> [UInt8] {
        let words = ["the ", "search ", "engine ", "of ", "Wikipedia ", "stored ", "fields ", "block ", "\n"]
        var bytes: [UInt8] = []
        while bytes.count < count { bytes += Array(words.randomElement(using: &rng)!.utf8) }
        return Array(bytes[..<count])
    }

    @Test("empty, one byte and every small size")
    func smallInputs() {
        expectRoundTrip([])
        #expect(compress([]).isEmpty)
        expectRoundTrip([42])
        var rng = SeededGenerator(seed: 1)
        for count in 0..<300 {
            expectRoundTrip(text(count, &rng), "text \(count)")
            expectRoundTrip((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }, "random \(count)")
            expectRoundTrip([UInt8](repeating: 0, count: count), "zeros \(count)")
        }
    }

    @Test("incompressible random bytes stay within the bound")
    func random() {
        var rng = SeededGenerator(seed: 2)
        for count in [1_000, 65_535, 65_536, 65_537, 200_000] {
            let input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            expectRoundTrip(input, "\(count)")
            #expect(compress(input).count <= count + count / 255 + 16)
        }
    }

    @Test("highly repetitive and long matches, overlapping and at the offset limit")
    func repetitive() {
        expectRoundTrip([UInt8](repeating: 0x61, count: 1 << 20))
        #expect(compress([UInt8](repeating: 0x61, count: 1 << 20)).count < 5_000)
        expectRoundTrip(Array(repeating: Array("abc".utf8), count: 10_000).flatMap { $0 })
        var rng = SeededGenerator(seed: 3)
        let chunk = (0..<70_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        // A repeat 70 000 bytes back is out of reach; one 65 535 back is the farthest match.
        expectRoundTrip(chunk + chunk)
        let near = Array(chunk[..<65_535])
        let compressed = compress(near + near)
        #expect(compressed.count < 65_535 + 1_000)
        expectRoundTrip(near + near)
        // Literal and match lengths around every extension-byte boundary.
        for length in [14, 15, 16, 18, 19, 20, 269, 270, 271, 273, 274, 275, 524, 525, 526] {
            let literals = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            expectRoundTrip(literals + literals + literals.prefix(length / 2) + [1, 2, 3], "\(length)")
        }
    }

    @Test("text of realistic stored-block sizes")
    func textBlocks() {
        var rng = SeededGenerator(seed: 4)
        for count in [16 << 10, 32 << 10, 48 << 10, 60 << 10, 1 << 20] {
            let input = text(count, &rng)
            expectRoundTrip(input)
            #expect(compress(input).count < count / 2)
        }
    }

    @Test("a table reused with growing bases compresses exactly like a cleared one")
    func reusedTable() {
        var rng = SeededGenerator(seed: 11)
        var table = [Int32](repeating: -1, count: LZBlock.tableSize)
        var base = 0
        for round in 0..<40 {
            let count = [0, 3, 5, 100, 4 << 10, 32 << 10, 70 << 10][round % 7]
            // Repeats of the previous rounds' words: stale slots would find them.
            let input = text(count, &rng)
            var output = [UInt8](repeating: 0, count: LZBlock.maxCompressedSize(count))
            let size = input.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { output in
                    table.withUnsafeMutableBufferPointer { LZBlock.compress(input, into: output, table: $0, base: base) }
                }
            }
            #expect(Array(output[..<size]) == compress(input), "round \(round)")
            base += count
        }
    }

    @Test("random bytes, truncations and flipped bytes never crash")
    func damagedInput() {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let garbage = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = decompress(garbage, rawLength: Int.random(in: 0...300, using: &rng))
        }
        let input = text(5_000, &rng) + (0..<500).map { _ in UInt8.random(in: 0...255, using: &rng) } + text(3_000, &rng)
        let compressed = compress(input)
        for cut in 0..<compressed.count {
            #expect(decompress(Array(compressed[..<cut]), rawLength: input.count) == nil, "cut at \(cut)")
        }
        for _ in 0..<3_000 {
            var damaged = compressed
            damaged[Int.random(in: 0..<damaged.count, using: &rng)] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            _ = decompress(damaged, rawLength: input.count)
        }
    }
}
