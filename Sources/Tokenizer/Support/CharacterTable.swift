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
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableRawPointer) -> Int {
        var accumulator: UInt32 = 0
        var bits = 0
        var count = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: continue  // newlines, indentation, padding
            }
            accumulator = accumulator << 6 | value
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.storeBytes(of: UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)), toByteOffset: count, as: UInt8.self)
                count += 1
            }
        }
        return count
    }
}
