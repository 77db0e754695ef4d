/// The English stop words the `english` analyzer drops: Snowball's English stop list
/// (<https://snowballstem.org/algorithms/english/stop.txt>) without the negations (`no`, `nor`,
/// `not`, `don`, `t`), `only` and `s`, which change what a sentence claims ("X does not cause
/// Y"). A dropped word still takes its position, so a phrase query meets a text with the same
/// gap (`"cost of living"` finds "cost of living", and "cost in living"), as in Lucene.
///
/// Why (nDCG@10 of OR queries, `SearchBenchmarks beir --all`, `standard` → `english`): SciFact 0.6860 →
/// 0.6872, Cranfield 0.3829 → 0.3902, CISI 0.3585 → 0.3980, CACM 0.4867 → 0.5037,
/// NFCorpus 0.3222 → 0.3325; every collection gained. Lucene's 33 words gained less (CISI
/// 0.3761) and cost SciFact (0.6851); the whole Snowball list cost SciFact more (0.6845);
/// dropping the words from queries only (the index keeping them) did no better on any of them.
enum EnglishStopWords {
    /// The list, folded (lower case, ASCII).
    static let all: [StaticString] = [
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself",
        "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself",
        "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom", "this", "that",
        "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
        "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
        "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
        "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off",
        "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "own", "same", "so",
        "than", "too", "very", "can", "will", "just", "should", "now",
    ]

    /// Whether the word of one or two bytes at `word` is a stop word: these are the most
    /// frequent tokens, and the stem cache does not hold them, so this is a switch, not a search.
    @inline(__always)
    static func containsShort(_ word: UnsafePointer<UInt8>, count: Int) -> Bool {
        if count == 1 { return word[0] == UInt8(ascii: "a") || word[0] == UInt8(ascii: "i") }
        guard count == 2 else { return false }
        switch UInt16(word[0]) << 8 | UInt16(word[1]) {
        case 0x6D65, 0x6D79, 0x7765, 0x6865, 0x6974, 0x6973, 0x616D, 0x6265, 0x646F, 0x616E, 0x6966, 0x6F72,
            0x6173, 0x6F66, 0x6174, 0x6279, 0x746F, 0x7570, 0x696E, 0x6F6E, 0x736F:
            // me my we he it is am be do an if or as of at by to up in on so
            return true
        default:
            return false
        }
    }

    /// Whether `word[0..<count]` is a stop word. The stem cache calls this once per distinct
    /// word, and again for every word it cannot hold (long words, long stem tails), so it is a
    /// hash lookup of the word's first 16 bytes, not a search of the list.
    /// - Precondition: `word` points to at least 16 readable bytes.
    @inline(__always)
    static func contains(_ word: UnsafePointer<UInt8>, count: Int) -> Bool {
        if count <= 2 { return containsShort(word, count: count) }
        guard count <= LongStopWords.longest else { return false }
        let raw = UnsafeRawPointer(word)
        return longStopWords.contains(
            raw.loadUnaligned(as: UInt64.self) & StemCache.mask(count),
            raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & StemCache.mask(count &- 8))
    }

    /// The stop words of 3 bytes or more, as a hash set.
    private static let longStopWords = LongStopWords(all.filter { $0.utf8CodeUnitCount > 2 })
}

/// An open-addressing set of words of 3 to 16 bytes, each keyed by its bytes as two
/// zero-padded little-endian 64-bit words. Built once and never changed, so it may be shared.
private struct LongStopWords: @unchecked Sendable {
    /// The longest word the set may hold.
    static let longest = 16
    private static let slotBits = 9
    /// Two words per slot; an empty slot is all zeros (a word of ≥ 3 bytes never is).
    private let keys: UnsafeMutablePointer<UInt64>

    init(_ words: [StaticString]) {
        precondition(words.count < (1 << Self.slotBits) / 2)
        keys = .allocate(capacity: 2 << Self.slotBits)
        keys.initialize(repeating: 0, count: 2 << Self.slotBits)
        for word in words {
            let count = word.utf8CodeUnitCount
            precondition(count > 2 && count <= Self.longest)
            var padded = [UInt8](repeating: 0, count: 16)
            for i in 0..<count { padded[i] = word.utf8Start[i] }
            let (first, second) = padded.withUnsafeBytes {
                ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            }
            var slot = Self.slot(first, second)
            while keys[2 &* slot] != 0 { slot = (slot &+ 1) & ((1 << Self.slotBits) &- 1) }
            keys[2 &* slot] = first
            keys[2 &* slot &+ 1] = second
        }
    }

    @inline(__always)
    private static func slot(_ first: UInt64, _ second: UInt64) -> Int {
        Int(truncatingIfNeeded: ((first ^ (second &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 &- slotBits))
    }

    @inline(__always)
    func contains(_ first: UInt64, _ second: UInt64) -> Bool {
        var slot = Self.slot(first, second)
        while true {
            let key = keys[2 &* slot]
            if key == 0 { return false }
            if key == first && keys[2 &* slot &+ 1] == second { return true }
            slot = (slot &+ 1) & ((1 << Self.slotBits) &- 1)
        }
    }
}
