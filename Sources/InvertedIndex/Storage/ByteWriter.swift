/// A growable little-endian byte buffer for building index files in memory.
///
/// Integers are fixed-width little-endian or LEB128 varints; see `FORMAT.md`.
struct ByteWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []

    /// Creates an empty writer.
    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// The number of bytes written.
    public var count: Int { bytes.count }

    /// Appends one byte.
    public mutating func write(_ byte: UInt8) { bytes.append(byte) }

    /// Appends raw bytes.
    public mutating func write<C: Collection>(bytes other: C) where C.Element == UInt8 {
        bytes.append(contentsOf: other)
    }

    /// Appends a little-endian `UInt32`.
    public mutating func write(_ value: UInt32) { writeLittleEndian(UInt64(value), width: 4) }
    /// Appends a little-endian `UInt64`.
    public mutating func write(_ value: UInt64) { writeLittleEndian(value, width: 8) }

    private mutating func writeLittleEndian(_ value: UInt64, width: Int) {
        var value = value
        for _ in 0..<width {
            bytes.append(UInt8(truncatingIfNeeded: value))
            value >>= 8
        }
    }

    /// Appends an unsigned LEB128 varint (1–10 bytes).
    public mutating func writeVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    /// Appends an unsigned LEB128 varint.
    public mutating func writeVarint(_ value: Int) {
        precondition(value >= 0, "varints are unsigned")
        writeVarint(UInt64(value))
    }

    /// Appends a varint length followed by the bytes.
    public mutating func writeLengthPrefixed<C: Collection>(_ other: C) where C.Element == UInt8 {
        writeVarint(other.count)
        bytes.append(contentsOf: other)
    }

    /// Appends a length-prefixed UTF-8 string.
    public mutating func writeString(_ string: String) { writeLengthPrefixed(Array(string.utf8)) }

    /// Overwrites 4 bytes at `offset` with a little-endian `UInt32` (for back-patching).
    public mutating func patch(_ value: UInt32, at offset: Int) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }

    /// Removes all bytes, keeping the capacity.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}
