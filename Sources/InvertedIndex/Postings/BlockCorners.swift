/// The BM25 inputs of a full postings block's upper bound, as stored in its skip entry: two
/// "corners" (term frequency, field length) such that every document of the block has a tf at
/// most and a length at least those of one of them.
///
/// BM25 grows with tf and falls with length for every k1 ≥ 0, b ∈ [0, 1] and average length,
/// so the larger of the corners' scores bounds every document's score, whatever the
/// similarity's parameters. One corner (the largest tf with the smallest length) is what the
/// skip entry held before format 5; it is loose when the block's most frequent occurrence is
/// in a long document and its shortest document mentions the term once. Splitting the
/// block's (tf, length) pairs by tf into two groups, each with its own corner, makes the bound
/// close to the true block maximum for most blocks at the same 8 bytes.
///
/// Each corner is a u32: tf in the low 16 bits (65,535 means "65,535 or more": readers take
/// it as unbounded), length in the high 16 bits (lengths over 65,535 stored as 65,535, which
/// is at most the true length, so the bound stays valid).
struct BlockCorners: Equatable {
    /// The corner of the documents with the smaller tfs (its tf ≤ `high.maxFreq`).
    var low: Corner
    /// The corner of the documents with the largest tfs (the block's largest tf).
    var high: Corner

    /// A (tf, length) pair bounding a group of documents: tf at least theirs, length at most.
    struct Corner: Equatable {
        var maxFreq: UInt32
        var minLength: UInt32

        /// The stored tf that stands for "unbounded".
        static let saturatedFreq: UInt32 = 0xFFFF

        /// The skip entry's u32.
        var encoded: UInt32 { min(maxFreq, Corner.saturatedFreq) | min(minLength, 0xFFFF) << 16 }

        /// Decodes a skip entry's u32 (a saturated tf as `UInt32.max`).
        init(encoded value: UInt32) {
            let freq = value & 0xFFFF
            maxFreq = freq == Corner.saturatedFreq ? .max : freq
            minLength = value >> 16
        }

        init(maxFreq: UInt32, minLength: UInt32) {
            self.maxFreq = maxFreq
            self.minLength = minLength
        }
    }

    /// Chooses the corners of one block: the split of its documents by tf whose larger corner
    /// score is smallest under BM25's default parameters (k1 1.5, b 0.75) with the segment's
    /// average length. Any split gives a valid bound; the choice only makes it tight.
    /// - Parameters:
    ///   - freqs: The block's tfs (≥ 1); `lengths`: their documents' field lengths.
    ///   - keys: Scratch of at least `count` values, overwritten.
    ///   - suffixMin: Scratch of at least `count + 1` values, overwritten.
    ///   - averageLength: The field's mean length in the segment (> 0).
    static func choose(
        freqs: UnsafePointer<Int32>, lengths: (Int) -> UInt32, count: Int, keys: UnsafeMutablePointer<UInt64>,
        suffixMin: UnsafeMutablePointer<UInt32>, averageLength: Float
    ) -> BlockCorners {
        precondition(count > 0, "a block has documents")
        // Sorted by (tf, length): a prefix is the documents with tf ≤ some value.
        for i in 0..<count { keys[i] = UInt64(UInt32(freqs[i])) << 32 | UInt64(lengths(i)) }
        var sorted = UnsafeMutableBufferPointer(start: keys, count: count)
        sorted.sort()
        let topFreq = UInt32(keys[count - 1] >> 32)
        // suffixMin[i] is the smallest length of keys[i...].
        suffixMin[count] = .max
        for i in stride(from: count - 1, through: 0, by: -1) {
            suffixMin[i] = min(suffixMin[i + 1], UInt32(truncatingIfNeeded: keys[i]))
        }
        let whole = Corner(maxFreq: topFreq, minLength: suffixMin[0])
        var best = BlockCorners(low: whole, high: whole)
        var bestScore = proxy(whole, averageLength)
        var prefixMin = UInt32.max
        for i in 1..<count {
            prefixMin = min(prefixMin, UInt32(truncatingIfNeeded: keys[i - 1]))
            let freq = UInt32(keys[i - 1] >> 32)
            guard UInt32(keys[i] >> 32) != freq else { continue }  // split only between tfs
            let low = Corner(maxFreq: freq, minLength: prefixMin)
            let high = Corner(maxFreq: topFreq, minLength: suffixMin[i])
            let score = max(proxy(low, averageLength), proxy(high, averageLength))
            if score < bestScore {
                bestScore = score
                best = BlockCorners(low: low, high: high)
            }
        }
        return best
    }

    /// BM25's tf part at the default parameters (the idf factor does not change the choice).
    /// Of the corner as stored (saturated), as readers will see it.
    private static func proxy(_ corner: Corner, _ averageLength: Float) -> Float {
        let stored = Corner(encoded: corner.encoded)
        let freq = Float(stored.maxFreq)
        return freq / (freq + 1.5 * (0.25 + 0.75 * Float(stored.minLength) / averageLength))
    }
}
