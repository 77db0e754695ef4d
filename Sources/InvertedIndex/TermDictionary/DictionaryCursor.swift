/// A bounds-checked cursor over a term dictionary's mapped bytes for the lookup and scan
/// loops: like ``ByteReader`` but without an error (or a path) in hand, so that it stays a
/// pointer and two integers. A read that would pass `end`, or a value above its limit,
/// returns `nil` and leaves the cursor where it was; the caller throws.
struct DictionaryCursor {
    /// The start of the mapping.
    let base: UnsafeRawPointer
    /// The first offset the cursor may not read.
    let end: Int
    /// The next byte to read.
    var offset: Int

    /// Bytes left before `end`.
    @inline(__always)
    var remaining: Int { end - offset }

    /// Reads an unsigned LEB128 varint that must fit in `0...limit` (one-byte values inline).
    @inline(__always)
    mutating func varint(atMost limit: Int) -> Int? {
        guard offset >= 0 && offset < end else { return nil }
        let byte = base.load(fromByteOffset: offset, as: UInt8.self)
        if byte < 0x80 {
            guard Int(byte) <= limit else { return nil }
            offset += 1
            return Int(byte)
        }
        return longVarint(atMost: limit)
    }

    /// ``varint(atMost:)`` of two or more bytes: at most ten, as ``ByteReader/readVarint()``
    /// reads them.
    @inline(never)
    mutating func longVarint(atMost limit: Int) -> Int? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var position = offset
        while position < end && shift < 64 {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 {
                guard result <= UInt64(limit) else { return nil }
                offset = position
                return Int(result)
            }
            shift += 7
        }
        return nil
    }

    /// Reads a varint length and that many bytes.
    @inline(__always)
    mutating func lengthPrefixed() -> UnsafeRawBufferPointer? {
        let start = offset
        guard let length = varint(atMost: remaining) else { return nil }
        guard length <= remaining else {
            offset = start
            return nil
        }
        defer { offset += length }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }

    /// Reads an entry's head: the length it shares with the previous key (at most `limit`)
    /// and its length-prefixed suffix. Two one-byte values (the usual case) take one load.
    @inline(__always)
    mutating func sharedAndSuffix(sharedAtMost limit: Int) -> (shared: Int, suffix: UnsafeRawBufferPointer)? {
        if offset >= 0 && end - offset >= 2 {
            let pair = UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
            if pair & 0x8080 == 0 {
                let shared = Int(pair & 0x7F)
                let length = Int(pair >> 8)
                if shared <= limit && length <= end - offset - 2 {
                    let suffix = UnsafeRawBufferPointer(start: base + offset + 2, count: length)
                    offset += 2 + length
                    return (shared, suffix)
                }
            }
        }
        guard let shared = varint(atMost: limit), let suffix = lengthPrefixed() else { return nil }
        return (shared, suffix)
    }

    /// Reads three varints, each within its limit. Three one-byte values (an entry's tail of
    /// document frequency and offset gaps, mostly) take one load.
    @inline(__always)
    mutating func threeVarints(atMost first: Int, _ second: Int, _ third: Int) -> (Int, Int, Int)? {
        if offset >= 0 && end - offset >= 4 {
            let word = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            if word & 0x80_8080 == 0 {
                let x = Int(word & 0x7F)
                let y = Int(word >> 8 & 0x7F)
                let z = Int(word >> 16 & 0x7F)
                if x <= first && y <= second && z <= third {
                    offset += 3
                    return (x, y, z)
                }
            }
        }
        guard let x = varint(atMost: first), let y = varint(atMost: second), let z = varint(atMost: third) else {
            return nil
        }
        return (x, y, z)
    }
}
