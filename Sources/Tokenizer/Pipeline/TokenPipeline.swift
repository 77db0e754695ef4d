/// The per-call state of an ``Analyzer``: scratch buffers for the term being built and for
/// CJK units, the position counter and the open bigram run.
///
/// Flow, per position in the text:
/// - an ASCII letter or digit: `scanASCIIWord` finds the word's end and lower-cases it in one
///   pass, eight bytes at a time (SWAR);
/// - a non-ASCII letter or digit: `letterWord` segments and folds in one pass;
/// - a bigram character (Han, Kana, Hangul, Thai …): `bigramUnit` (`CJK/Bigrams.swift`);
/// - a space, punctuation, a symbol or a mark: skipped, one scalar at a time;
/// - whatever a fast path cannot decide by itself (`don’t`, `café`, `_id`, Hebrew, ZWJ
///   sequences): ``WordSegmenter`` finds the UAX #29 segment and `segment` walks it.
/// The fast paths must give exactly what the segmenter gives; `RobustnessTests` compares them
/// on random text. Measured (one core, release): `simple` ≈430 MB/s on English Wikipedia,
/// ≈240 MB/s on Russian, ≈200 MB/s on Chinese.
///
/// Terms longer than ``maxTermBytes`` after folding are cut at that length (at a scalar
/// boundary); the token's byte range still covers the whole word. Lucene cuts at 255 too (it
/// starts a new token; we keep one, so a 1 MB "word" is one token and costs one linear scan).
struct TokenPipeline {
    /// The longest term emitted, in UTF-8 bytes.
    static let maxTermBytes = 255
    /// The longest CJK unit (character + marks), so a bigram is at most 254 bytes.
    static let maxUnitBytes = 127

    let stems: Bool
    let table: CharacterTable
    /// Owns the buffers below (kept alive by this reference) and the stem cache.
    let scratch: PipelineScratch
    /// The term handed to the callback.
    var term: UnsafeMutablePointer<UInt8>
    /// The CJK unit being folded, and the one before it (swapped as the run advances).
    var unit: UnsafeMutablePointer<UInt8>
    var previousUnit: UnsafeMutablePointer<UInt8>
    var position = 0
    var bigrams = BigramRun()
    /// Tests turn this off to check the fast paths against the segmenter.
    var usesFastPaths = true
    /// Stop words and stems seen before, on this thread (see ``StemCache``); `nil` for `simple`.
    let stemCache: StemCache?

    /// A pipeline working in `scratch`.
    init(kind: Analyzer.Kind, table: CharacterTable = .shared, scratch: PipelineScratch) {
        stems = kind != .simple
        self.table = table
        self.scratch = scratch
        term = scratch.buffer
        unit = term + PipelineScratch.termCapacity
        previousUnit = unit + PipelineScratch.unitCapacity
        stemCache = stems ? scratch.makeStemCache(dropsStopWords: kind == .english) : nil
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (Token) throws -> Void) rethrows {
        guard let text = buffer.baseAddress else { return }
        let count = buffer.count
        let asciiClass = table.asciiClass
        let segmenter = WordSegmenter(text: text, count: count, table: table)
        var index = 0
        while index < count {
            let byte = text[index]
            if byte >= 0x80 && usesFastPaths {
                let (scalar, length) = decodeUTF8(text, at: index, count: count)
                let entry = table.entry(scalar)
                if entry.isBigramCharacter {
                    index = try bigramUnit(text, count: count, from: index, length: length, entry, body)
                    continue
                }
                let wordBreak = entry.wordBreak
                if !entry.isWordCharacter && wordBreak != .extendNumLet {
                    // Punctuation, symbols, spaces, marks, U+FFFD: no word starts here, and
                    // whatever UAX #29 glues after it is examined on its own (as above for ASCII).
                    index &+= length
                    continue
                }
                if wordBreak == .aLetter || wordBreak == .numeric,
                    let end = try letterWord(text, count: count, from: index, length: length, entry, body)
                {
                    index = end
                    continue
                }
            } else if byte < 0x80 && usesFastPaths {
                let byteClass = asciiClass[Int(byte)]
                if byteClass & ASCIIClass.alphanumeric == 0 {
                    // A space or punctuation: a segment of its own, or one that holds no word.
                    // `_` (ExtendNumLet) can start a word (`_id`): the segmenter decides.
                    guard byte == UInt8(ascii: "_") else {
                        index &+= 1
                        continue
                    }
                } else {
                    if bigrams.isOpen { try closeBigramRun(body) }  // before `term` is written
                    let word = Self.scanASCIIWord(text, count: count, from: index, into: term, asciiClass: asciiClass)
                    if word.end >= 0 {
                        try emitWord(count: word.length, range: index..<word.end, body)
                        index = word.next
                        continue
                    }
                }
            }
            let end = segmenter.segmentEnd(from: index)
            try segment(text, from: index, to: end, body)
            index = end
        }
        try closeBigramRun(body)
    }

    /// Applies the word-level steps (standard: possessive, stem; english: also stop words) to
    /// `term[0..<count]` and emits it.
    @inline(__always)
    mutating func emitWord(count: Int, range: Range<Int>, _ body: (Token) throws -> Void) rethrows {
        var count = count
        if stems {
            // `'s` after folding, so `Legend’s` and `Legend's` both lose it.
            if count > 2 && term[count &- 2] == UInt8(ascii: "'") && term[count &- 1] == UInt8(ascii: "s") {
                count &-= 2
            }
            if let stemCache {
                count = stemCache.analyze(term, count: count)
                if count < 0 {  // a stop word: dropped, but it keeps its position (phrases)
                    position &+= 1
                    return
                }
            }
        }
        try emit(count: count, range: range, body)
    }

    /// Hands `term[0..<count]` to `body` as the next position (an empty term is dropped).
    @inline(__always)
    mutating func emit(count: Int, range: Range<Int>, _ body: (Token) throws -> Void) rethrows {
        guard count > 0 else { return }
        let token = Token(term: UnsafeBufferPointer(start: term, count: count), position: position, byteRange: range)
        position &+= 1
        try body(token)
    }
}
