/// Frame-of-reference bit packing of fixed blocks of 128 `UInt32`s: each value stored in
/// `width` bits, little-endian bit order, `16 × width` bytes per block.
enum BitPacking {
    /// Values per packed block.
    public static let blockSize = 128

    /// The number of bits needed for `value` (0 for 0).
    @inlinable public static func bitWidth(_ value: UInt32) -> Int {
        value == 0 ? 0 : 32 - value.leadingZeroBitCount
    }

    /// Bytes used by one block packed at `width` bits.
    @inlinable public static func packedSize(width: Int) -> Int { width * blockSize / 8 }

    /// Appends `blockSize` values packed at `width` bits (every value must fit).
    public static func pack(_ values: UnsafePointer<UInt32>, width: Int, into writer: inout ByteWriter) {
        guard width > 0 else { return }
        var accumulator: UInt64 = 0
        var bits = 0
        for i in 0..<blockSize {
            accumulator |= UInt64(values[i]) << UInt64(bits)
            bits += width
            while bits >= 8 {
                writer.write(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
    }

    /// Unpacks `blockSize` values of `width` bits from `source` into `destination`.
    ///
    /// Reads up to 7 bytes past the packed block (64-bit window loads); the caller guarantees
    /// they are addressable (see `PostingsIterator`'s padded copy near a file's end).
    @inlinable
    public static func unpack(
        _ source: UnsafeRawPointer, width: Int, into destination: UnsafeMutablePointer<UInt32>
    ) {
        if width == 0 {
            destination.update(repeating: 0, count: blockSize)
            return
        }
        let mask = (UInt64(1) << UInt64(width)) &- 1
        var bit = 0
        for i in 0..<blockSize {
            let word = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
            destination[i] = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            bit &+= width
        }
    }
}
