/// Frame-of-reference bit packing of blocks of `UInt32`s (128 in a full block): each value
/// stored in `width` bits, `16 × width` bytes per full block and `ceil(count × width / 8)` for
/// a short one.
///
/// Two layouts (`FORMAT.md`, "Bit packing"). A full block is **vertical**: value `i` is value
/// `i / 4` of lane `i mod 4`, each lane a little-endian bit stream of 32-bit words, the four
/// lanes' words interleaved, so a `SIMD4<UInt32>` shift and mask decode four values at once
/// (``unpackVertical(_:width:into:)``, generated). A short block is **horizontal**: value `i`
/// at bits `[i·w, (i+1)·w)` of one little-endian bit stream.
enum BitPacking {
    /// Values per packed block.
    public static let blockSize = 128

    /// The number of bits needed for `value` (0 for 0).
    @inlinable public static func bitWidth(_ value: UInt32) -> Int {
        value == 0 ? 0 : 32 - value.leadingZeroBitCount
    }

    /// Bytes used by `count` values packed at `width` bits.
    @inlinable public static func packedSize(width: Int, count: Int = blockSize) -> Int { (width * count + 7) / 8 }

    /// Appends `count` values packed at `width` bits (every value must fit).
    public static func pack(
        _ values: UnsafePointer<UInt32>, count: Int = blockSize, width: Int, into writer: inout ByteWriter
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: packedSize(width: 32)) { buffer in
            let size = pack(values, count: count, width: width, mask: .max, into: buffer.baseAddress!)
            writer.write(bytes: UnsafeBufferPointer(rebasing: buffer[..<size]))
        }
    }

    /// Writes `count` values, each `& mask`, packed at `width` bits at `output` (room for
    /// ``packedSize(width:count:)`` bytes, exactly what is written) and returns that size:
    /// vertically for a full block, horizontally for a short one. The masked values must fit
    /// in `width` bits.
    @inline(__always)
    static func pack(
        _ values: UnsafePointer<UInt32>, count: Int, width: Int, mask: UInt32, into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard width > 0 else { return 0 }
        if count == blockSize { return packVertical(values, width: width, mask: mask, into: output) }
        let raw = UnsafeMutableRawPointer(output)
        var accumulator: UInt64 = 0
        var bits = 0
        var written = 0
        for i in 0..<count {
            accumulator |= UInt64(values[i] & mask) &<< UInt64(bits)
            bits &+= width
            if bits >= 32 {
                raw.storeBytes(of: UInt32(truncatingIfNeeded: accumulator).littleEndian, toByteOffset: written, as: UInt32.self)
                written &+= 4
                accumulator &>>= 32
                bits &-= 32
            }
        }
        while bits > 0 {
            output[written] = UInt8(truncatingIfNeeded: accumulator)
            written &+= 1
            accumulator &>>= 8
            bits &-= 8
        }
        return written
    }

    /// Writes a full block of 128 values, each `& mask`, in the vertical layout at `output`
    /// (`16 × width` bytes, unaligned) and returns that size. Not a hot path (indexing packs
    /// each block once), so one general loop.
    static func packVertical(
        _ values: UnsafePointer<UInt32>, width: Int, mask: UInt32, into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let size = packedSize(width: width)
        let raw = UnsafeMutableRawPointer(output)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        for i in 0..<blockSize {
            let value = values[i] & mask
            let bit = (i &>> 2) &* width
            let lane = (i & 3) &* 4
            let offset = (bit &>> 5) &* 16 &+ lane
            let shift = bit & 31
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            raw.storeBytes(of: word | value &<< UInt32(shift), toByteOffset: offset, as: UInt32.self)
            if shift &+ width > 32 {
                let next = raw.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt32.self)
                raw.storeBytes(of: next | value &>> UInt32(32 &- shift), toByteOffset: offset &+ 16, as: UInt32.self)
            }
        }
        return size
    }

    /// Value `i` of a full block packed vertically at `width` bits (1...32) at `source`, by
    /// itself: two 32-bit loads, the second 16 bytes on (which may lie up to 16 bytes past the
    /// `16 × width` packed bytes; the caller guarantees they are addressable).
    @inline(__always)
    static func verticalValue(_ source: UnsafeRawPointer, _ i: Int, width: Int, mask: UInt64) -> UInt64 {
        let bit = (i &>> 2) &* width
        let offset = (bit &>> 5) &* 16 &+ (i & 3) &* 4
        let low = UInt64(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        let high = UInt64(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: offset &+ 16, as: UInt32.self)))
        return ((low | high &<< 32) &>> UInt64(bit & 31)) & mask
    }

    /// Replaces the 128 values at `values` (each `gap − 1`) by the running sums `start + Σ
    /// (gap)` up to each, in wrapping 32-bit arithmetic: the doc ids of a postings block
    /// following doc `start`. Four lanes at a time (a lane shift within 64-bit halves, the
    /// low half's sum added to the high half, and the carry of the previous four); the caller
    /// checks for overflow.
    @inline(__always)
    static func prefixSumOfGaps(_ values: UnsafeMutablePointer<UInt32>, from start: UInt32) {
        let raw = UnsafeMutableRawPointer(values)
        var carry = SIMD4<UInt32>(repeating: start)
        let one = SIMD4<UInt32>(repeating: 1)
        for j in 0..<(blockSize &>> 2) {
            var v = raw.loadUnaligned(fromByteOffset: j &* 16, as: SIMD4<UInt32>.self) &+ one
            // [a, b, c, d] + [0, a, 0, c]: each 64-bit half shifted up one lane.
            v &+= unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) &<< 32, to: SIMD4<UInt32>.self)
            // + [0, 0, a + b, a + b], and the carry.
            let half = v[1]
            v &+= carry &+ SIMD4(0, 0, half, half)
            raw.storeBytes(of: v, toByteOffset: j &* 16, as: SIMD4<UInt32>.self)
            carry = SIMD4(repeating: v[3])
        }
    }

    /// Unpacks `count` values of `width` bits from `source` into `destination`: a full block
    /// from the vertical layout (reads exactly its bytes), a short one from the horizontal
    /// layout (reads up to 7 bytes past the packed values, 64-bit window loads; the caller
    /// guarantees they are addressable, see `PostingsIterator`'s padded copy near a file's
    /// end).
    ///
    /// In a short block, groups of 8 values (exactly `width` bytes each) are decoded by a copy
    /// of the loop specialized for each width, so every shift, mask and load offset is a
    /// constant; the remaining `count mod 8` values use the general loop.
    public static func unpack(
        _ source: UnsafeRawPointer, count: Int = blockSize, width: Int, into destination: UnsafeMutablePointer<UInt32>
    ) {
        if count == blockSize {
            unpackVertical(source, width: width, into: destination)
            return
        }
        let groups = count &>> 3
        switch width {
        case 0:
            destination.update(repeating: 0, count: count)
            return
        case 1: unpackGroups(source, groups, 1, destination)
        case 2: unpackGroups(source, groups, 2, destination)
        case 3: unpackGroups(source, groups, 3, destination)
        case 4: unpackGroups(source, groups, 4, destination)
        case 5: unpackGroups(source, groups, 5, destination)
        case 6: unpackGroups(source, groups, 6, destination)
        case 7: unpackGroups(source, groups, 7, destination)
        case 8: unpackGroups(source, groups, 8, destination)
        case 9: unpackGroups(source, groups, 9, destination)
        case 10: unpackGroups(source, groups, 10, destination)
        case 11: unpackGroups(source, groups, 11, destination)
        case 12: unpackGroups(source, groups, 12, destination)
        case 13: unpackGroups(source, groups, 13, destination)
        case 14: unpackGroups(source, groups, 14, destination)
        case 15: unpackGroups(source, groups, 15, destination)
        case 16: unpackGroups(source, groups, 16, destination)
        case 17: unpackGroups(source, groups, 17, destination)
        case 18: unpackGroups(source, groups, 18, destination)
        case 19: unpackGroups(source, groups, 19, destination)
        case 20: unpackGroups(source, groups, 20, destination)
        case 21: unpackGroups(source, groups, 21, destination)
        case 22: unpackGroups(source, groups, 22, destination)
        case 23: unpackGroups(source, groups, 23, destination)
        case 24: unpackGroups(source, groups, 24, destination)
        case 25: unpackGroups(source, groups, 25, destination)
        case 26: unpackGroups(source, groups, 26, destination)
        case 27: unpackGroups(source, groups, 27, destination)
        case 28: unpackGroups(source, groups, 28, destination)
        case 29: unpackGroups(source, groups, 29, destination)
        case 30: unpackGroups(source, groups, 30, destination)
        case 31: unpackGroups(source, groups, 31, destination)
        default: unpackGroups(source, groups, 32, destination)
        }
        let done = groups &<< 3
        if done < count {
            unpackRemainder(source, from: done, count: count, width: width, into: destination)
        }
    }

    /// `groups` groups of 8 values at `width` bits; inlined into each case of ``unpack`` with
    /// a constant width.
    @inline(__always)
    static func unpackGroups(
        _ source: UnsafeRawPointer, _ groups: Int, _ width: Int, _ destination: UnsafeMutablePointer<UInt32>
    ) {
        let mask = (UInt64(1) << UInt64(width)) &- 1
        var input = source
        var output = destination
        for _ in 0..<groups {
            // Offsets and shifts of the 8 values depend only on `width`: constants here.
            for j in 0..<8 {
                let bit = j &* width
                let word = UInt64(littleEndian: input.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
                output[j] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            }
            input += width
            output += 8
        }
    }

    /// Values `start..<count` of a block packed at `width` bits (the general loop).
    static func unpackRemainder(
        _ source: UnsafeRawPointer, from start: Int, count: Int, width: Int,
        into destination: UnsafeMutablePointer<UInt32>
    ) {
        let mask = (UInt64(1) << UInt64(width)) &- 1
        var bit = start &* width
        for i in start..<count {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
            destination[i] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            bit &+= width
        }
    }
}
