/// The generated per-code-point table (``UnicodeTableData``), decoded from base64 into one
/// immortal allocation at first use (≈165 KB, well under a millisecond).
///
/// Two stages: `stage1[codePoint >> 7]` names a 128-entry block of `stage2`. Code points above
/// U+10FFFF never reach it: the UTF-8 decoder yields U+FFFD for them.
final class CharacterTable: @unchecked Sendable {
    // @unchecked: the memory is written once in `init` and only read afterwards.
    let stage1: UnsafePointer<UInt16>
    let stage2: UnsafePointer<UInt32>
    /// Folded forms, UTF-8.
    let pool: UnsafePointer<UInt8>
    /// Per ASCII byte: its ``ASCIIClass`` bits, for the tokenizer's ASCII fast path.
    let asciiClass: UnsafePointer<UInt8>

    /// The table, decoded on first use.
    static let shared = CharacterTable()

    private init() {
        let blob = UnsafeMutableRawPointer.allocate(byteCount: UnicodeTableData.byteCount, alignment: 8)
        let written = UnicodeTableData.base64.withUTF8Buffer { Base64.decode($0, into: blob) }
        precondition(written == UnicodeTableData.byteCount, "corrupt generated Unicode table")
        let stage1Bytes = UnicodeTableData.stage1Count * 2
        let stage2Bytes = UnicodeTableData.blockCount * UnicodeTableData.blockSize * 4
        stage1 = UnsafePointer(blob.bindMemory(to: UInt16.self, capacity: UnicodeTableData.stage1Count))
        stage2 = UnsafePointer(
            (blob + stage1Bytes).bindMemory(to: UInt32.self, capacity: stage2Bytes / 4))
        pool = UnsafePointer(
            (blob + stage1Bytes + stage2Bytes).bindMemory(to: UInt8.self, capacity: UnicodeTableData.poolCount))
        let asciiClass = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
        for byte in 0..<128 {
            let entry = CharacterEntry(rawValue: stage2[Int(stage1[0]) &* 128 &+ byte])
            var bits: UInt8 = 0
            switch entry.wordBreak {
            case .aLetter: bits = ASCIIClass.letter
            case .numeric: bits = ASCIIClass.digit
            case .extendNumLet: bits = ASCIIClass.connector
            case .midLetter: bits = ASCIIClass.midLetter
            case .midNum: bits = ASCIIClass.midNumber
            case .midNumLet, .singleQuote: bits = ASCIIClass.midLetter | ASCIIClass.midNumber
            default: break
            }
            asciiClass[byte] = bits
        }
        self.asciiClass = UnsafePointer(asciiClass)
    }

    /// The entry of `codePoint` (≤ U+10FFFF).
    @inline(__always) func entry(_ codePoint: UInt32) -> CharacterEntry {
        let block = Int(truncatingIfNeeded: stage1[Int(truncatingIfNeeded: codePoint &>> 7)])
        return CharacterEntry(rawValue: stage2[block &* 128 &+ Int(truncatingIfNeeded: codePoint & 0x7F)])
    }
}

/// Standard base64 (RFC 4648) decoding that skips whitespace, for the generated tables.
enum Base64 {
    /// Decodes `text` into `output` and returns the number of bytes written.
    ///
    /// Runs once per process, on every query's start-up: four characters at a time through a
    /// 256-entry table while they are all base64 digits, one at a time around newlines and
    /// padding (which are skipped).
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawPointer) -> Int {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { table in
            _ = table.initialize(from: repeatElement(0xFF, count: 256))
            let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            for (value, character) in alphabet.utf8.enumerated() { table[Int(character)] = UInt8(value) }
            let out = output.assumingMemoryBound(to: UInt8.self)
            var accumulator: UInt32 = 0
            var bits = 0
            var count = 0
            var i = 0
            while i < text.count {
                if bits == 0 && i &+ 4 <= text.count {
                    let a = table[Int(text[i])], b = table[Int(text[i &+ 1])]
                    let c = table[Int(text[i &+ 2])], d = table[Int(text[i &+ 3])]
                    if (a | b | c | d) & 0x80 == 0 {
                        let word = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                        out[count] = UInt8(truncatingIfNeeded: word >> 16)
                        out[count &+ 1] = UInt8(truncatingIfNeeded: word >> 8)
                        out[count &+ 2] = UInt8(truncatingIfNeeded: word)
                        count &+= 3
                        i &+= 4
                        continue
                    }
                }
                let value = table[Int(text[i])]
                i &+= 1
                if value & 0x80 != 0 { continue }  // newlines, indentation, padding
                // Bits above the pending ones are stale and shifted out by the truncation.
                accumulator = accumulator << 6 | UInt32(value)
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    out[count] = UInt8(truncatingIfNeeded: accumulator >> UInt32(bits))
                    count &+= 1
                }
            }
            return count
        }
    }
}
