/// A small direct-mapped cache of recent stems: word frequencies are Zipfian, so most tokens
/// of a long text are words stemmed moments ago, and a hit (hash + compare + copy) costs a
/// fraction of the ≈90 ns the stemmer spends on a word.
///
/// One per ``TokenPipeline`` call, allocated only for long texts (queries and short fields
/// would pay more to set it up than they save).
struct StemCache {
    /// Texts shorter than this are stemmed without a cache.
    static let minimumTextBytes = 512
    private static let slots = 1_024
    private static let maxWordBytes = 30
    private static let slotBytes = 64  // word (30), stem (30), pad

    /// Word and stem lengths per slot, apart from the words so that clearing them on setup
    /// touches 2 KiB, not the whole cache.
    private let lengths: UnsafeMutablePointer<UInt8>
    private let storage: UnsafeMutablePointer<UInt8>

    init() {
        lengths = .allocate(capacity: 2 * Self.slots + Self.slots * Self.slotBytes)
        lengths.initialize(repeating: 0, count: 2 * Self.slots)
        storage = lengths + 2 * Self.slots
    }

    func deallocate() { lengths.deallocate() }

    /// Stems `word[0..<count]` in place and returns the stem's length.
    @inline(__always)
    func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count <= Self.maxWordBytes && count > 2 else { return EnglishStemmer.stem(word, count: count) }
        var hash: UInt32 = 2_166_136_261
        for i in 0..<count { hash = (hash ^ UInt32(word[i])) &* 16_777_619 }
        let index = Int(hash >> 22)  // top 10 bits: 1,024 slots
        let length = lengths + 2 * index
        let slot = storage + index * Self.slotBytes
        if Int(length[0]) == count && memcmp(slot, word, count) == 0 {
            let stemCount = Int(length[1])
            word.update(from: slot + Self.maxWordBytes, count: stemCount)
            return stemCount
        }
        length[0] = UInt8(count)
        slot.update(from: word, count: count)
        let stemCount = EnglishStemmer.stem(word, count: count)
        length[1] = UInt8(stemCount)
        (slot + Self.maxWordBytes).update(from: word, count: stemCount)
        return stemCount
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
