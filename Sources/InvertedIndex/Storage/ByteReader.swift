/// A bounds-checked cursor over bytes of an index file (usually mmap'ed).
///
/// Every read checks the remaining length and throws ``IndexError`` with code `.corrupt` on
/// a short read or an impossible value, so a damaged file becomes an error message, never a
/// trap. Hot loops (postings decoding) validate a whole block's bounds once and then read
/// with unchecked pointers; everything else goes through this type.
struct ByteReader {
    /// The bytes being read.
    public let buffer: UnsafeRawBufferPointer
    /// The next byte to read.
    public var offset: Int
    /// The file name used in error messages.
    public let path: String?

    /// Creates a reader positioned at `offset`.
    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, path: String? = nil) {
        self.buffer = buffer
        self.offset = offset
        self.path = path
    }

    /// Bytes left after the cursor.
    public var remaining: Int { buffer.count - offset }

    /// Whether the cursor is at the end.
    public var isAtEnd: Bool { offset >= buffer.count }

    func fail(_ what: String) -> IndexError {
        IndexError.corrupt("\(what) at offset \(offset)", path: path)
    }

    /// Throws unless `count` more bytes are available.
    public func require(_ count: Int) throws(IndexError) {
        if count < 0 || count > remaining { throw shortRead(count) }
    }

    func shortRead(_ count: Int) -> IndexError {
        IndexError.corrupt(
            "truncated: needed \(count) bytes at offset \(offset), \(remaining) left", path: path)
    }

    /// Reads a little-endian `UInt32`.
    public mutating func readUInt32() throws(IndexError) -> UInt32 {
        try require(4)
        defer { offset += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Reads a little-endian `UInt64`.
    public mutating func readUInt64() throws(IndexError) -> UInt64 {
        try require(8)
        defer { offset += 8 }
        return UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Reads an unsigned LEB128 varint of at most 10 bytes.
    public mutating func readVarint() throws(IndexError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < buffer.count, shift < 64 else { throw shortRead(1) }
            let byte = buffer[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a varint that must fit in `0...limit`. One- and two-byte values (lengths,
    /// counts, and the doc-id gaps of postings tails) are read inline.
    @inline(__always)
    public mutating func readVarint(atMost limit: Int) throws(IndexError) -> Int {
        if offset >= 0 && offset < buffer.count {
            let first = buffer.load(fromByteOffset: offset, as: UInt8.self)
            if first < 0x80 {
                if Int(first) <= limit {
                    offset += 1
                    return Int(first)
                }
            } else if offset + 1 < buffer.count {
                let second = buffer.load(fromByteOffset: offset + 1, as: UInt8.self)
                let value = Int(first & 0x7F) | Int(second) << 7
                if second < 0x80 && value <= limit {
                    offset += 2
                    return value
                }
            }
        }
        return try readLongVarint(atMost: limit)
    }

    /// ``readVarint(atMost:)`` past its fast paths (longer values and errors).
    @inline(never)
    mutating func readLongVarint(atMost limit: Int) throws(IndexError) -> Int {
        let value = try readVarint()
        guard value <= UInt64(limit) else { throw fail("value \(value) exceeds \(limit)") }
        return Int(value)
    }

    /// Reads a `UInt64` offset or length that must fit in `0...limit`.
    public mutating func readUInt64(atMost limit: Int) throws(IndexError) -> Int {
        let value = try readUInt64()
        guard value <= UInt64(limit) else { throw fail("value \(value) exceeds \(limit)") }
        return Int(value)
    }

    /// Reads `count` bytes as a slice of the underlying buffer.
    public mutating func readBytes(_ count: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        try require(count)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    /// Reads a varint length and that many bytes.
    public mutating func readLengthPrefixed() throws(IndexError) -> UnsafeRawBufferPointer {
        let length = try readVarint(atMost: remaining)
        return try readBytes(length)
    }

    /// Reads a length-prefixed UTF-8 string (invalid UTF-8 is repaired, never trusted).
    public mutating func readString() throws(IndexError) -> String {
        let bytes = try readLengthPrefixed()
        return String(decoding: bytes, as: UTF8.self)
    }
}
