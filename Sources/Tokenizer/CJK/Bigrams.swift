/// CJK and other scripts written without spaces are indexed as overlapping bigrams.
///
/// UAX #29 leaves each Han ideograph and Hiragana letter a segment of its own, keeps a run of
/// Katakana (WB13) or of Hangul syllables (ALetter, WB5) as one segment, and breaks Thai, Lao,
/// Khmer, Myanmar and the other scripts of Line_Break=SA after every letter (they are not
/// ALetter), since finding their words needs a dictionary. Instead of a dictionary, a *unit*
/// — one bigram character (generator flag: Han, Hiragana, Katakana letters, Hangul, and letters
/// of those scripts) with the Extend/Format/ZWJ scalars that follow it — is paired with its
/// neighbour: `東京都` → `東京`, `京都`. Each bigram is its own position and its byte range
/// covers both units. A unit with no adjacent unit is a unigram. Units are adjacent when no
/// byte lies between them, so any other character (a space, a Latin word, punctuation) ends
/// the run. This is what Lucene's CJKBigramFilter does (without its optional unigrams), and
/// a query analyzed the same way finds any substring of two or more characters.
///
/// A mixed segment such as `2024년` (WB10 joins digits and Hangul) is split into its word part
/// (`2024`) and its bigram part (`년`).
struct BigramRun {
    /// A run of units is open: `previous*` describe its last unit.
    var isOpen = false
    /// Units in the open run so far.
    var length = 0
    var previousStart = 0
    var previousEnd = 0
    var previousCount = 0
}

extension TokenPipeline {
    /// Adds the unit `start..<end`, whose folded bytes are in `unit[0..<unitCount]`, to the run.
    @inline(__always)
    mutating func addUnit(
        start: Int, end: Int, unitCount: Int, _ body: (Token) throws -> Void
    ) rethrows {
        guard unitCount > 0 else {  // folded to nothing: nothing to pair with
            try closeBigramRun(body)
            return
        }
        if bigrams.isOpen && bigrams.previousEnd == start {
            let previousCount = bigrams.previousCount
            copyBytes(from: previousUnit, to: term, count: previousCount)
            copyBytes(from: unit, to: term + previousCount, count: unitCount)
            bigrams.length &+= 1
            try emit(count: previousCount &+ unitCount, range: bigrams.previousStart..<end, body)
        } else {
            try closeBigramRun(body)
            bigrams.isOpen = true
            bigrams.length = 1
        }
        swap(&unit, &previousUnit)
        bigrams.previousStart = start
        bigrams.previousEnd = end
        bigrams.previousCount = unitCount
    }

    /// Ends the open run; a run of a single unit is emitted as a unigram.
    @inline(__always)
    mutating func closeBigramRun(_ body: (Token) throws -> Void) rethrows {
        guard bigrams.isOpen else { return }
        bigrams.isOpen = false
        if bigrams.length == 1 {
            copyBytes(from: previousUnit, to: term, count: bigrams.previousCount)
            try emit(count: bigrams.previousCount, range: bigrams.previousStart..<bigrams.previousEnd, body)
        }
    }
}

/// A byte loop: units are a few bytes, where a `memcpy` call cost more than the copy.
@inline(__always)
private func copyBytes(from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
    var i = 0
    while i < count {
        destination[i] = source[i]
        i &+= 1
    }
}
