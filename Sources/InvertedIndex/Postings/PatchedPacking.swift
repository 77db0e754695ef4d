/// Patched frame-of-reference ("PFOR") packing of one block of `n` `UInt32`s (128, or fewer
/// for a term's last positions): every value's low `w` bits bit-packed, and the few values
/// wider than `w` patched with their high bits.
///
/// Layout of one block (`FORMAT.md`, `.positions`):
///
/// ```
/// u8 w, u8 exception count e, u8 exception width x
/// n low parts at w bits (ceil(n·w / 8) bytes)
/// e exception indexes, u8 each, strictly increasing
/// e high parts (value >> w) at x bits, ceil(e·x / 8) bytes
/// ```
///
/// The writer picks the `w` minimizing the block's size, so one large gap (the first
/// position of a document is absolute) does not widen the other 127. Every block's size
/// follows from its 3-byte header, so readers skip blocks without decoding them.
enum PatchedPacking {
    /// Tails of at least this many values are packed; shorter ones are varints.
    static let minimumPacked = 8
    /// Bytes of a block's header.
    static let headerSize = 3
    /// The largest encoded block: header, 32-bit low parts, 128 indexes, 32-bit high parts.
    static let maxBlockSize = headerSize + 2 * BitPacking.packedSize(width: 32) + BitPacking.blockSize

    /// The encoded size of a block from its header bytes.
    @inline(__always)
    static func size(count: Int = BitPacking.blockSize, width: Int, exceptions: Int, exceptionWidth: Int) -> Int {
        headerSize + BitPacking.packedSize(width: width, count: count) + exceptions
            + (exceptions * exceptionWidth + 7) / 8
    }

    /// Appends one block of `count` (1...128) values (see ``pack(_:count:exceptions:into:)``).
    static func pack(
        _ values: UnsafePointer<UInt32>, count: Int = BitPacking.blockSize, exceptions allowed: Bool = true,
        into writer: inout ByteWriter
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxBlockSize) { buffer in
            let size = pack(values, count: count, exceptions: allowed, into: buffer.baseAddress!)
            writer.write(bytes: UnsafeBufferPointer(rebasing: buffer[..<size]))
        }
    }

    /// Encodes one block of `count` (1...128) values at `output` (room for
    /// ``maxBlockSize`` bytes) and returns its size: at the smallest size, or, without
    /// exceptions `allowed`, at the values' largest width (a block that decodes without
    /// patching, for doc-id gaps). Nothing is allocated.
    static func pack(
        _ values: UnsafePointer<UInt32>, count: Int, exceptions allowed: Bool = true,
        into output: UnsafeMutablePointer<UInt8>
    ) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 33) { counts in
            // Histogram of bit widths; the cost of width w follows from the counts above it.
            counts.initialize(repeating: 0)
            var maxWidth = 0
            for i in 0..<count {
                let width = BitPacking.bitWidth(values[i])
                counts[width] &+= 1
                maxWidth = max(maxWidth, width)
            }
            var best = maxWidth
            var bestSize = size(count: count, width: maxWidth, exceptions: 0, exceptionWidth: 0)
            var exceptions = 0
            var wider = 0  // values wider than w
            var w = allowed ? maxWidth - 1 : -1
            while w >= 0 {
                wider += counts[w + 1]
                let candidate = size(count: count, width: w, exceptions: wider, exceptionWidth: maxWidth - w)
                if candidate < bestSize {
                    best = w
                    bestSize = candidate
                    exceptions = wider
                }
                w -= 1
            }
            let exceptionWidth = exceptions == 0 ? 0 : maxWidth - best
            output[0] = UInt8(best)
            output[1] = UInt8(exceptions)
            output[2] = UInt8(exceptionWidth)
            let mask: UInt32 = best == 32 ? .max : (1 << UInt32(best)) &- 1
            var written = headerSize
            written += BitPacking.pack(values, count: count, width: best, mask: mask, into: output + written)
            guard exceptions > 0 else { return written }
            var high = written + exceptions
            var accumulator: UInt64 = 0
            var bits = 0
            for i in 0..<count where values[i] > mask {
                output[written] = UInt8(truncatingIfNeeded: i)
                written &+= 1
                accumulator |= UInt64(values[i] >> UInt32(best)) << UInt64(bits)
                bits += exceptionWidth
                while bits >= 8 {
                    output[high] = UInt8(truncatingIfNeeded: accumulator)
                    high &+= 1
                    accumulator >>= 8
                    bits -= 8
                }
            }
            if bits > 0 {
                output[high] = UInt8(truncatingIfNeeded: accumulator)
                high &+= 1
            }
            return high
        }
    }

    /// Reads the header of a block of `count` values at `offset` and returns its encoded
    /// size, or `nil` when the header is impossible or the block does not fit in `bytes`.
    @inline(__always)
    static func blockSize(_ bytes: UnsafeRawBufferPointer, at offset: Int, count: Int = BitPacking.blockSize) -> Int? {
        guard offset >= 0, offset + headerSize <= bytes.count else { return nil }
        let width = Int(bytes[offset])
        let exceptions = Int(bytes[offset + 1])
        let exceptionWidth = Int(bytes[offset + 2])
        guard width <= 32, exceptions <= count, width + exceptionWidth <= 32,
            (exceptions == 0) == (exceptionWidth == 0)
        else { return nil }
        let total = size(count: count, width: width, exceptions: exceptions, exceptionWidth: exceptionWidth)
        return offset + total <= bytes.count ? total : nil
    }

    /// Whether the exception indexes of the block at `source` (whose header
    /// ``blockSize(_:at:count:)`` accepted) increase strictly and stay below `count`, i.e.
    /// whether ``unpack(_:count:into:)`` will succeed: lets a reader validate a block when it
    /// loads and decode it later.
    @inline(__always)
    static func exceptionsAreValid(_ source: UnsafeRawPointer, count: Int = BitPacking.blockSize) -> Bool {
        let width = Int(source.load(fromByteOffset: 0, as: UInt8.self))
        let exceptions = Int(source.load(fromByteOffset: 1, as: UInt8.self))
        guard exceptions > 0 else { return true }
        let indexes = source + headerSize + BitPacking.packedSize(width: width, count: count)
        var previous = -1
        for e in 0..<exceptions {
            let index = Int(indexes.load(fromByteOffset: e, as: UInt8.self))
            guard index > previous, index < count else { return false }
            previous = index
        }
        return true
    }

    /// Decodes the block of `count` values at `source`, whose header ``blockSize(_:at:count:)``
    /// accepted. Reads up to 7 bytes past the block (the caller pads near a file's end).
    /// - Returns: false when an exception index is out of order or out of range.
    @inline(__always)
    static func unpack(
        _ source: UnsafeRawPointer, count: Int = BitPacking.blockSize, into destination: UnsafeMutablePointer<UInt32>
    ) -> Bool {
        let width = Int(source.load(fromByteOffset: 0, as: UInt8.self))
        let exceptions = Int(source.load(fromByteOffset: 1, as: UInt8.self))
        let exceptionWidth = Int(source.load(fromByteOffset: 2, as: UInt8.self))
        let low = source + headerSize
        BitPacking.unpack(low, count: count, width: width, into: destination)
        guard exceptions > 0 else { return true }
        let indexes = low + BitPacking.packedSize(width: width, count: count)
        let high = indexes + exceptions
        let mask = (UInt64(1) << UInt64(exceptionWidth)) &- 1
        var previous = -1
        var bit = 0
        for e in 0..<exceptions {
            let index = Int(indexes.load(fromByteOffset: e, as: UInt8.self))
            guard index > previous, index < count else { return false }
            previous = index
            let word = UInt64(littleEndian: high.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
            let value = UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
            destination[index] |= value << UInt32(width)
            bit &+= exceptionWidth
        }
        return true
    }
}
