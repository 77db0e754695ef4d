// Byte-level helpers shared by the JSON-lines parser and the text-file reader.
//
// Everything here works on raw pointers with explicit bounds: callers pass `start`/`end` that lie
// inside one live buffer. The 8-bytes-at-a-time (SWAR) loops are what make the JSON-lines reader
// run at memory speed on long ASCII bodies; a plain byte loop was ≈3× slower.

@usableFromInline
enum ByteScanning {
    @usableFromInline static let ones: UInt64 = 0x0101_0101_0101_0101
    @usableFromInline static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A word with the high bit set in each byte lane of `word` that equals `byte`.
    /// Exact (no false positives), unlike the cheaper `(x - ones) & ~x & highs` trick, whose
    /// borrow can flag a lane above a real match; exactness lets callers use the lowest set bit.
    @inline(__always) @usableFromInline
    static func lanes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        // A lane is zero iff adding 0x7F to its low 7 bits does not carry and its high bit is 0.
        let low7 = (x & ~highs) &+ ~highs
        return ~(low7 | x | ~highs)
    }

    /// Index of the first `"` or `\` in `start..<end`, or `end`.
    @inline(__always) @usableFromInline
    static func findQuoteOrBackslash(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var i = start
        let raw = UnsafeRawPointer(base)
        while i + 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let hits = lanes(word, equalTo: 0x22) | lanes(word, equalTo: 0x5C)
            if hits != 0 { return i + hits.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < end {
            let b = base[i]
            if b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return end
    }

    /// Number of ill-formed UTF-8 sequences in `start..<end` (each maximal ill-formed subpart
    /// counts once, as U+FFFD repair would replace it). With `allowTruncatedTail`, a well-formed
    /// prefix of a sequence cut off by `end` is not counted (used on the 8 KiB binary-sniff sample).
    @usableFromInline
    static func countInvalidUTF8(
        _ base: UnsafePointer<UInt8>, from start: Int, to end: Int, allowTruncatedTail: Bool = false
    ) -> Int {
        var i = start
        var invalid = 0
        let raw = UnsafeRawPointer(base)
        while i < end {
            // ASCII fast path, 8 bytes at a time.
            if i + 8 <= end {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & highs == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = base[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            // Expected length and the allowed range of the second byte (Unicode Table 3-7).
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default:
                invalid += 1
                i += 1
                continue
            }
            var j = 1
            while j < length {
                if i + j >= end {
                    if !allowTruncatedTail { invalid += 1 }
                    return invalid
                }
                let b = base[i + j]
                let ok = j == 1 ? (b >= low && b <= high) : (b & 0xC0 == 0x80)
                if !ok { break }
                j += 1
            }
            if j < length { invalid += 1 }
            i += j
        }
        return invalid
    }

    /// True for the ASCII whitespace bytes that separate lines and words in plain text.
    @inline(__always) @usableFromInline
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C
    }
}
