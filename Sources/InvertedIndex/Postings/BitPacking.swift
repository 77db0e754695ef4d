/// Frame-of-reference bit packing of blocks of `UInt32`s (128 in a full block): each value
/// stored in `width` bits, little-endian bit order, `16 × width` bytes per full block and
/// `ceil(count × width / 8)` for a short one.
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
    /// ``packedSize(width:count:)`` bytes, exactly what is written) and returns that size.
    /// The masked values must fit in `width` bits.
    @inline(__always)
    static func pack(
        _ values: UnsafePointer<UInt32>, count: Int, width: Int, mask: UInt32, into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        guard width > 0 else { return 0 }
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

    /// Unpacks `count` values of `width` bits from `source` into `destination`.
    ///
    /// Reads up to 7 bytes past the packed block (64-bit window loads); the caller guarantees
    /// they are addressable (see `PostingsIterator`'s padded copy near a file's end).
    @inlinable
    public static func unpack(
        _ source: UnsafeRawPointer, count: Int = blockSize, width: Int, into destination: UnsafeMutablePointer<UInt32>
    ) {
        if width == 0 {
            destination.update(repeating: 0, count: count)
            return
        }
        let mask = (UInt64(1) << UInt64(width)) &- 1
        var bit = 0
        for i in 0..<count {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
            destination[i] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            bit &+= width
        }
    }
}
