/// The word step of the `standard` and `english` analyzers: stems words (and, for `english`,
/// drops English stop words, ``EnglishStopWords``), through a direct-mapped cache of results that lives as long as its thread's ``PipelineScratch``, so it
/// serves every document that thread tokenizes: word frequencies are Zipfian, and after a few
/// documents almost every token is a word stemmed before. A hit costs a hash of three 64-bit
/// loads, one slot compare and one store, against ≈90 ns for the stemmer.
///
/// A slot is 32 bytes: the word (at most ``maxWordBytes``, zero-padded to three 64-bit words)
/// and one 64-bit word describing its stem, which is always the word's first `p` bytes followed
/// by a short tail (`hopping` → `hop` + "", `happy` → `happ` + "i", `hoping` → `hop` + "e"):
/// byte 0 the word's length, byte 1 `p`, byte 2 the tail's length (≤ 4; −1 for a stop word),
/// bytes 4–7 the tail.
/// A stem with a longer tail is not cached. 32,768 slots (1 MiB): measured on English
/// Wikipedia, the wait for the slot's cache line is most of a hit's cost, so halving the slot
/// (from a word and a stem of 24 bytes each) bought more than the encoding costs; 1 MiB beat
/// both 256 KiB (more stemming) and 4 MiB (slower loads).
struct StemCache {
    /// Words longer than this are stemmed without the cache.
    static let maxWordBytes = 24
    private static let slotBits = 15
    private static let wordsPerSlot = 4  // stem, word ×3
    private static let maxTailBytes = 4

    private let slots: UnsafeMutablePointer<UInt64>
    /// Whether stop words are dropped (`english`) or stemmed like any word (`standard`).
    let dropsStopWords: Bool

    init(dropsStopWords: Bool) {
        self.dropsStopWords = dropsStopWords
        let count = (1 << Self.slotBits) * Self.wordsPerSlot
        slots = .allocate(capacity: count)
        slots.initialize(repeating: 0, count: count)  // length 0: empty (words are ≥ 3 bytes)
    }

    func deallocate() { slots.deallocate() }

    /// Returns −1 if `word[0..<count]` is a stop word to drop; otherwise stems it in place and returns
    /// the stem's length, as ``EnglishStemmer/stem(_:count:)`` does.
    /// - Precondition: `word` starts a buffer of at least ``maxWordBytes`` + 4 bytes: the
    ///   cache reads up to that many, and a hit may write up to 4 bytes after the stem.
    @inline(__always)
    func analyze(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count > 2 else { return dropsStopWords && EnglishStopWords.containsShort(word, count: count) ? -1 : count }
        guard count <= Self.maxWordBytes else { return EnglishStemmer.stem(word, count: count) }
        let raw = UnsafeMutableRawPointer(word)
        let first = raw.loadUnaligned(as: UInt64.self) & Self.mask(count)
        let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & Self.mask(count &- 8)
        let third = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & Self.mask(count &- 16)
        // The stemmer leaves words with a byte ≥ 0x80 (Cyrillic, Greek …) alone: skip the lookup.
        guard (first | second | third) & 0x8080_8080_8080_8080 == 0 else { return count }
        // Multiplicative hashing: the top bits of the product depend on every bit of the key.
        let key = (first ^ (second &* 0x9E37_79B9_7F4A_7C15) ^ (third &* 0xC2B2_AE3D_27D4_EB4F)) &+ UInt64(count)
        let index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) &>> UInt64(64 - Self.slotBits))
        let slot = slots + index &* Self.wordsPerSlot
        let stem = slot[0]
        if stem & 0xFF == UInt64(count) && slot[1] == first && slot[2] == second && slot[3] == third {
            let prefix = Int(truncatingIfNeeded: (stem &>> 8) & 0xFF)
            (raw + prefix).storeBytes(of: UInt32(truncatingIfNeeded: stem &>> 32), as: UInt32.self)
            return prefix &+ Int(Int8(truncatingIfNeeded: stem &>> 16))
        }
        if dropsStopWords && EnglishStopWords.contains(word, count: count) {
            slot[0] = UInt64(count) | UInt64(0xFF) &<< 16  // prefix 0, tail −1
            slot[1] = first
            slot[2] = second
            slot[3] = third
            return -1
        }
        let stemCount = EnglishStemmer.stem(word, count: count)
        // The stem's longest common prefix with the word, and what follows it.
        let stemFirst = raw.loadUnaligned(as: UInt64.self) & Self.mask(stemCount)
        let stemSecond = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & Self.mask(stemCount &- 8)
        let stemThird = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) & Self.mask(stemCount &- 16)
        let prefix: Int
        if stemFirst != first {
            prefix = min((stemFirst ^ first).trailingZeroBitCount &>> 3, stemCount)
        } else if stemSecond != second {
            prefix = min(8 &+ (stemSecond ^ second).trailingZeroBitCount &>> 3, stemCount)
        } else {
            prefix = min(16 &+ (stemThird ^ third).trailingZeroBitCount &>> 3, stemCount)
        }
        let tailCount = stemCount &- prefix
        guard tailCount <= Self.maxTailBytes && prefix >= 0 else { return stemCount }
        let tail = UInt64((raw + prefix).loadUnaligned(as: UInt32.self)) & Self.mask(tailCount)
        slot[0] = UInt64(count) | UInt64(prefix) &<< 8 | UInt64(tailCount) &<< 16 | tail &<< 32
        slot[1] = first
        slot[2] = second
        slot[3] = third
        return stemCount
    }

    /// Ones in the low `bytes` bytes (none when `bytes` ≤ 0, all when ≥ 8). A masking shift
    /// and a conditional move: Swift's overshift-checking `<<` cost ≈25 instructions per word.
    @inline(__always)
    static func mask(_ bytes: Int) -> UInt64 {
        let shift = UInt64(truncatingIfNeeded: (8 &- min(bytes, 8)) &* 8)
        return bytes > 0 ? UInt64.max &>> shift : 0
    }
}
