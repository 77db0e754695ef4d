#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Whether `word[0..<count]` is a stop word (a linear search: the stem cache calls this
    /// once per distinct word, not per token).
    static func contains(_ word: UnsafePointer<UInt8>, count: Int) -> Bool {
        if count <= 2 { return containsShort(word, count: count) }
        for stop in all where stop.utf8CodeUnitCount == count {
            if memcmp(stop.utf8Start, word, count) == 0 { return true }
        }
        return false
    }
}
