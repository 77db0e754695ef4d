import TestSupport
import Testing

@testable import InvertedIndex

/// The vertical layout of full blocks, bit for bit as `FORMAT.md` states it, the one-value
/// reader the positions use, and the four-lane prefix sum of doc-id gaps.
@Suite("Vertical bit packing")
struct VerticalPackingTests {
    static func randomBlock(width: Int, seed: UInt64) -> [UInt32] {
        var rng = SeededGenerator(seed: seed)
        let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
        var values = (0..<128).map { _ in UInt32(truncatingIfNeeded: rng.next() & mask) }
        if width > 0 { values[127] = UInt32(truncatingIfNeeded: mask) }
        return values
    }

    static func packed(_ values: [UInt32], width: Int) -> [UInt8] {
        var writer = ByteWriter()
        values.withUnsafeBufferPointer { BitPacking.pack($0.baseAddress!, width: width, into: &writer) }
        return writer.bytes
    }

    @Test("value i is value i / 4 of lane i mod 4; word k of lane l at byte 16k + 4l", arguments: Array(1...32))
    func layout(width: Int) {
        let values = Self.randomBlock(width: width, seed: 77 + UInt64(width))
        let bytes = Self.packed(values, width: width)
        #expect(bytes.count == 16 * width)
        // Read every value back by the format's definition, one bit at a time.
        for i in 0..<128 {
            let lane = i % 4
            var value: UInt32 = 0
            for b in 0..<width {
                let bit = (i / 4) * width + b  // bit of the lane's stream
                let word = bit / 32
                let byte = 16 * word + 4 * lane + (bit % 32) / 8  // little-endian words
                if bytes[byte] >> UInt8(bit % 8) & 1 == 1 { value |= 1 << UInt32(b) }
            }
            #expect(value == values[i], "width \(width), value \(i)")
        }
    }

    @Test("one value read alone equals the block's decoded value", arguments: Array(1...32))
    func singleValues(width: Int) {
        let values = Self.randomBlock(width: width, seed: 300 + UInt64(width))
        // The one-value read may load up to 16 bytes past the packed ones (its contract).
        let bytes = Self.packed(values, width: width) + [UInt8](repeating: 0xFF, count: 16)
        let mask: UInt64 = (1 << UInt64(width)) - 1
        bytes.withUnsafeBytes { source in
            for i in 0..<128 {
                let value = BitPacking.verticalValue(source.baseAddress!, i, width: width, mask: mask)
                #expect(value == UInt64(values[i]), "width \(width), value \(i)")
            }
        }
    }

    @Test("four-lane prefix sum of gaps equals the running sum, from -1 and from a large doc id")
    func prefixSum() {
        var rng = SeededGenerator(seed: 9)
        for (start, widest) in [(UInt32.max, 24), (0, 1), (12_345, 8), (2_000_000_000, 24)] {
            let gaps = (0..<128).map { _ in UInt32(truncatingIfNeeded: rng.next()) & ((1 << UInt32(widest)) - 1) }
            var sums = gaps
            sums.withUnsafeMutableBufferPointer { BitPacking.prefixSumOfGaps($0.baseAddress!, from: start) }
            var expected: [UInt32] = []
            var current = start
            for gap in gaps {
                current &+= gap &+ 1
                expected.append(current)
            }
            #expect(sums == expected, "start \(start)")
        }
    }
}
