/// A small LZ77 compressor of the LZ4 family for the blocks of stored text.
///
/// A compressed block is a run of sequences. Each sequence is a token byte (high nibble:
/// literal count, low nibble: match length − 4; 15 means "more follows"), the literal
/// count's extension bytes (each added; a byte below 255 ends it), the literals, and then,
/// unless the input ends right after the literals, a 2-byte little-endian match offset
/// (1…65535, back into the output) and the match length's extension bytes. Matches may
/// overlap their own output (offset < length: a repeated pattern). The last sequence is
/// literals only; an empty input compresses to nothing.
///
/// The encoder finds matches with a hash table of 4-byte prefixes (one candidate per slot,
/// no chains); the decoder checks every length and offset against both buffers, so damaged
/// input is reported, never read or written out of bounds.
enum LZBlock {
    /// Shortest match worth a sequence.
    static let minMatch = 4
    /// Farthest match (the offset is 16 bits).
    static let maxOffset = 65_535
    /// Slots in the encoder's hash table (a power of two).
    static let tableSize = 1 << hashBits
    private static let hashBits = 16

    /// Bytes of output that always suffice for `count` bytes of input.
    static func maxCompressedSize(_ count: Int) -> Int { count + count / 255 + 16 }

    /// Most output bytes one compressed byte can produce (a run of 255-valued length bytes),
    /// plus slack: any `rawLength` above `bound(compressed)` is corrupt.
    static func maxExpansion(_ compressedCount: Int) -> Int { compressedCount &* 255 &+ 64 }

    /// Compresses `input` into `output` (at least ``maxCompressedSize(_:)`` bytes), with
    /// `table` (``tableSize`` entries, any content) as scratch.
    ///
    /// - Returns: The compressed byte count.
    static func compress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        table: UnsafeMutableBufferPointer<Int32>
    ) -> Int {
        // Every slot −1 (all bits set): one memset, not a loop of stores.
        UnsafeMutableRawBufferPointer(table).initializeMemory(as: UInt8.self, repeating: 0xFF)
        return compress(input, into: output, table: table, base: 0)
    }

    /// Compresses like ``compress(_:into:table:)``, without clearing `table` first: slots
    /// below `base` count as empty, and position `i` is recorded as `base + i`. A writer
    /// compressing many blocks passes a `base` past everything the table holds (the previous
    /// base plus the previous input's count) instead of clearing 256 KiB per block; the
    /// output is the same as with a cleared table.
    ///
    /// - Precondition: `base + input.count ≤ Int32.max`, and every slot is below `base`
    ///   or −1 (a table filled with −1 and `base` 0 to start).
    static func compress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        table: UnsafeMutableBufferPointer<Int32>, base: Int
    ) -> Int {
        let count = input.count
        precondition(output.count >= maxCompressedSize(count) && table.count == tableSize)
        precondition(base >= 0 && base + count <= Int(Int32.max))
        guard count > 0, let src = input.baseAddress, let dst = output.baseAddress else { return 0 }
        var out = 0
        var anchor = 0
        if count >= minMatch + 1 {
            let last = count - minMatch  // the last position a 4-byte load fits
            var i = 0
            var misses = 0
            while i <= last {
                let word = src.loadUnaligned(fromByteOffset: i, as: UInt32.self)
                let slot = hash(word)
                let candidate = Int(table[slot]) &- base
                table[slot] = Int32(truncatingIfNeeded: base &+ i)
                guard candidate >= 0, i - candidate <= maxOffset,
                    src.loadUnaligned(fromByteOffset: candidate, as: UInt32.self) == word
                else {
                    misses += 1
                    i += 1 + misses >> 6  // incompressible input: skip ahead faster
                    continue
                }
                misses = 0
                var start = i, from = candidate
                var length = minMatch + matchLength(src, i + minMatch, candidate + minMatch, count)
                while start > anchor, from > 0, src.load(fromByteOffset: start - 1, as: UInt8.self)
                    == src.load(fromByteOffset: from - 1, as: UInt8.self)
                {
                    start -= 1; from -= 1; length += 1
                }
                out = writeSequence(dst, out, literals: src + anchor, literalCount: start - anchor,
                                    offset: start - from, matchLength: length)
                i = start + length
                anchor = i
                // Positions inside the match are not hashed, except the one just before its
                // end: cheap, and it catches a repeat of the match's tail.
                if i - 2 <= last {
                    table[hash(src.loadUnaligned(fromByteOffset: i - 2, as: UInt32.self))] = Int32(truncatingIfNeeded: base &+ i - 2)
                }
            }
        }
        out = writeSequence(dst, out, literals: src + anchor, literalCount: count - anchor, offset: 0, matchLength: 0)
        return out
    }

    @inline(__always)
    private static func hash(_ word: UInt32) -> Int { Int((word &* 2_654_435_761) >> UInt32(32 - hashBits)) }

    /// How many bytes match at `a` and `b` (`b < a`), up to the end of the input.
    private static func matchLength(_ src: UnsafeRawPointer, _ a: Int, _ b: Int, _ count: Int) -> Int {
        var n = 0
        while a + n + 8 <= count {
            let diff = src.loadUnaligned(fromByteOffset: a + n, as: UInt64.self)
                ^ src.loadUnaligned(fromByteOffset: b + n, as: UInt64.self)
            if diff != 0 { return n + UInt64(littleEndian: diff).trailingZeroBitCount >> 3 }
            n += 8
        }
        while a + n < count, src.load(fromByteOffset: a + n, as: UInt8.self) == src.load(fromByteOffset: b + n, as: UInt8.self) {
            n += 1
        }
        return n
    }

    /// Writes one sequence at `out` (a match length of 0: the final, literals-only one).
    private static func writeSequence(
        _ dst: UnsafeMutableRawPointer, _ out: Int, literals: UnsafeRawPointer, literalCount: Int,
        offset: Int, matchLength: Int
    ) -> Int {
        var out = out
        let matchCode = matchLength == 0 ? 0 : min(matchLength - minMatch, 15)
        dst.storeBytes(of: UInt8(min(literalCount, 15) << 4 | matchCode), toByteOffset: out, as: UInt8.self)
        out += 1
        if literalCount >= 15 { out = writeExtension(dst, out, literalCount - 15) }
        copy(dst + out, literals, literalCount)
        out += literalCount
        guard matchLength > 0 else { return out }
        dst.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: out, as: UInt8.self)
        dst.storeBytes(of: UInt8(truncatingIfNeeded: offset >> 8), toByteOffset: out + 1, as: UInt8.self)
        out += 2
        if matchLength - minMatch >= 15 { out = writeExtension(dst, out, matchLength - minMatch - 15) }
        return out
    }

    /// Copies `count` bytes: short runs with two 8-byte moves (the bytes past `count` are
    /// written but not counted, so callers leave 16 bytes of slack or go to `copyMemory`).
    @inline(__always)
    private static func wildCopy16(_ to: UnsafeMutableRawPointer, _ from: UnsafeRawPointer) {
        to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
        (to + 8).storeBytes(of: (from + 8).loadUnaligned(as: UInt64.self), as: UInt64.self)
    }

    @inline(__always)
    private static func copy(_ to: UnsafeMutableRawPointer, _ from: UnsafeRawPointer, _ count: Int) {
        to.copyMemory(from: from, byteCount: count)
    }

    private static func writeExtension(_ dst: UnsafeMutableRawPointer, _ out: Int, _ value: Int) -> Int {
        var out = out, value = value
        while value >= 255 {
            dst.storeBytes(of: 255, toByteOffset: out, as: UInt8.self)
            out += 1
            value -= 255
        }
        dst.storeBytes(of: UInt8(value), toByteOffset: out, as: UInt8.self)
        return out + 1
    }

    /// Decompresses `input` into `output`, which must come out exactly full.
    ///
    /// - Returns: `false` when the input is damaged (a length or offset out of bounds, a
    ///   truncated sequence, or an output of the wrong size); `output` is then unspecified.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        let count = input.count, capacity = output.count
        guard count > 0 else { return capacity == 0 }
        guard let src = input.baseAddress, let dst = output.baseAddress else { return false }
        var ip = 0, op = 0
        while ip < count {
            let token = src.load(fromByteOffset: ip, as: UInt8.self)
            ip += 1
            var literals = Int(token >> 4)
            if literals == 15 { guard readExtension(src, count, &ip, &literals, limit: capacity) else { return false } }
            guard literals <= count - ip, literals <= capacity - op else { return false }
            if literals <= 16, count - ip >= 16, capacity - op >= 16 {
                wildCopy16(dst + op, src + ip)
            } else {
                (dst + op).copyMemory(from: src + ip, byteCount: literals)
            }
            ip += literals
            op += literals
            if ip == count { break }
            guard count - ip >= 2 else { return false }
            let offset = Int(src.load(fromByteOffset: ip, as: UInt8.self))
                | Int(src.load(fromByteOffset: ip + 1, as: UInt8.self)) << 8
            ip += 2
            guard offset > 0, offset <= op else { return false }
            var length = Int(token & 15)
            if length == 15 { guard readExtension(src, count, &ip, &length, limit: capacity) else { return false } }
            length += minMatch
            guard length <= capacity - op else { return false }
            if offset >= 8, capacity - op >= length + 8 {
                // 8 bytes at a time, each chunk read from output already written.
                var k = 0
                while k < length {
                    (dst + op + k).storeBytes(of: (dst + op - offset + k).loadUnaligned(as: UInt64.self), as: UInt64.self)
                    k += 8
                }
            } else if offset >= length {
                (dst + op).copyMemory(from: dst + (op - offset), byteCount: length)
            } else {
                for k in 0..<length {
                    dst.storeBytes(of: dst.load(fromByteOffset: op - offset + k, as: UInt8.self), toByteOffset: op + k, as: UInt8.self)
                }
            }
            op += length
        }
        return op == capacity
    }

    /// Adds a length's extension bytes to `value`; `false` if the input ends inside them or
    /// the value passes `limit`.
    private static func readExtension(
        _ src: UnsafeRawPointer, _ count: Int, _ ip: inout Int, _ value: inout Int, limit: Int
    ) -> Bool {
        while true {
            guard ip < count else { return false }
            let byte = src.load(fromByteOffset: ip, as: UInt8.self)
            ip += 1
            value += Int(byte)
            guard value <= limit else { return false }
            if byte != 255 { return true }
        }
    }
}
