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
    private static let termCapacity = 512
    private static let unitCapacity = 256

    let stems: Bool
    let table: CharacterTable
    /// The term handed to the callback.
    var term: UnsafeMutablePointer<UInt8>
    /// The CJK unit being folded, and the one before it (swapped as the run advances).
    var unit: UnsafeMutablePointer<UInt8>
    var previousUnit: UnsafeMutablePointer<UInt8>
    var position = 0
    var bigrams = BigramRun()
    /// Tests turn this off to check the fast paths against the segmenter.
    var usesFastPaths = true

    init(kind: Analyzer.Kind, table: CharacterTable = .shared) {
        stems = kind == .standard
        self.table = table
        term = .allocate(capacity: Self.termCapacity + 2 * Self.unitCapacity)
        unit = term + Self.termCapacity
        previousUnit = unit + Self.unitCapacity
    }

    /// Frees the scratch buffers (the pipeline is unusable afterwards).
    func deallocate() {
        term.deallocate()  // `term` starts the single allocation; the unit buffers follow it
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

    /// Lower-cases the ASCII word starting at `start` into `term` and returns its end, the
    /// index to continue at (after a space that ends it) and its length (at most
    /// ``maxTermBytes``); or returns `end` -1 when a non-ASCII byte might belong to it. Mirrors
    /// WB5–WB13b for ASCII: letters, digits and `_` join; `.` `:` `'` join letters, `.` `,` `;`
    /// `'` join digits. Static and non-throwing so that it inlines into `run` (as a throwing
    /// method that emitted the token it was called, with ≈12 % more instructions).
    /// Measured with the SWAR loop: ≈410 MB/s for `simple` on English Wikipedia text (one core,
    /// release build, 7.6 M tokens in 47 MB), ≈240 MB/s with a byte-at-a-time loop.
    @_transparent  // `@inline(__always)` was not honored here
    private static func scanASCIIWord(
        _ text: UnsafePointer<UInt8>, count: Int, from start: Int, into term: UnsafeMutablePointer<UInt8>,
        asciiClass: UnsafePointer<UInt8>
    ) -> (end: Int, next: Int, length: Int) {
        let limit = maxTermBytes
        var index = start
        var length = 0
        while true {
            // Eight bytes at a time while they last: the branch per byte at the end of each word
            // (mispredicted every ≈6 bytes) was the cost of the byte loop below.
            var stoppedInChunk = false
            while index &+ 8 <= count {
                let chunk = UInt64(littleEndian: UnsafeRawPointer(text + index).loadUnaligned(as: UInt64.self))
                let (continues, upper) = ASCIIClass.wordBytes(chunk)
                let stops = ~continues & ASCIIClass.highBits
                // Store all eight (the buffer has room); only the first `run` count.
                UnsafeMutableRawPointer(term + length).storeBytes(
                    of: (chunk | upper &>> 2).littleEndian, as: UInt64.self)
                let run = stops == 0 ? 8 : stops.trailingZeroBitCount &>> 3
                length = min(length &+ run, limit)
                index &+= run
                if run < 8 {
                    stoppedInChunk = true
                    break
                }
            }
            while !stoppedInChunk && index < count {
                let byte = text[index]
                guard byte < 0x80, asciiClass[Int(byte)] & ASCIIClass.continuesWord != 0 else { break }
                term[length] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                length = length < limit ? length &+ 1 : limit
                index &+= 1
            }
            guard index < count else { break }
            let byte = text[index]
            if byte == UInt8(ascii: " ") { return (index, index &+ 1, length) }  // the usual end
            guard byte < 0x80 else { return (-1, 0, 0) }
            let byteClass = asciiClass[Int(byte)]
            guard byteClass & (ASCIIClass.midLetter | ASCIIClass.midNumber) != 0 else { break }
            guard index &+ 1 < count else { break }
            let next = text[index &+ 1]
            guard next < 0x80 else { return (-1, 0, 0) }
            let before = asciiClass[Int(text[index &- 1])]
            let after = asciiClass[Int(next)]
            let joinsLetters = byteClass & ASCIIClass.midLetter != 0 && before & after & ASCIIClass.letter != 0
            let joinsDigits = byteClass & ASCIIClass.midNumber != 0 && before & after & ASCIIClass.digit != 0
            guard joinsLetters || joinsDigits else { break }
            term[length] = byte
            length = length < limit ? length &+ 1 : limit
            index &+= 1
        }
        return (index, index, length)
    }

    /// Emits the word of letters (not Hebrew: WB7a–c) or digits starting at `start` with the
    /// scalar `first` of `firstLength` bytes, and returns its end; or returns `nil`, having
    /// emitted nothing, when the word holds anything but letters, digits and marks, or ends in
    /// a way that needs the full rules. Segmenting and folding in one pass made Russian text
    /// ≈1.5× faster than segmenting, then folding.
    @inline(never)  // keeps the ASCII loop in `run` tight (≈12 % on English)
    private mutating func letterWord(
        _ text: UnsafePointer<UInt8>, count: Int, from start: Int, length firstLength: Int,
        _ first: CharacterEntry, _ body: (Token) throws -> Void
    ) rethrows -> Int? {
        let asciiClass = table.asciiClass
        let pool = table.pool
        let term = self.term
        var length = 0
        var limit = Self.maxTermBytes
        var entry = first
        var scalarLength = firstLength
        var index = start
        if bigrams.isOpen { try closeBigramRun(body) }  // before `term` is written
        while true {
            appendFolded(entry, source: text + index, length: scalarLength, pool: pool, to: term, count: &length, limit: &limit)
            index &+= scalarLength
            guard index < count else { break }
            let byte = text[index]
            if byte < 0x80 {
                let byteClass = asciiClass[Int(byte)]
                if byteClass & ASCIIClass.continuesWord != 0 {
                    entry = table.entry(UInt32(byte))
                    scalarLength = 1
                    continue
                }
                if byte == UInt8(ascii: " ") {
                    try emitWord(count: length, range: start..<index, body)
                    return index &+ 1
                }
                if byteClass & (ASCIIClass.midLetter | ASCIIClass.midNumber) != 0 {
                    // WB6/7/11/12 join only if a letter or digit follows (ASCII has no WB4 marks).
                    guard index &+ 1 < count else { break }
                    let next = text[index &+ 1]
                    guard next < 0x80, asciiClass[Int(next)] & ASCIIClass.alphanumeric == 0 else { return nil }
                }
                break
            }
            let decoded = decodeUTF8(text, at: index, count: count)
            entry = table.entry(decoded.scalar)
            scalarLength = decoded.length
            let wordBreak = entry.wordBreak
            if entry.isBigramCharacter { return nil }
            if wordBreak == .aLetter || wordBreak == .numeric || wordBreak == .extend || wordBreak == .format {
                continue  // WB5, WB8–WB10; WB4
            }
            switch wordBreak {
            case .other, .wSegSpace, .cr, .lf, .newline, .regionalIndicator, .doubleQuote:
                break  // WB999 (no ZWJ came before, so no WB3c), WB3b; WB7b wants Hebrew
            default:
                return nil  // Hebrew, Katakana, ZWJ, ExtendNumLet, Mid…: the full rules decide
            }
            break
        }
        try emitWord(count: length, range: start..<index, body)
        return index
    }

    /// Adds the CJK unit starting at `start` — the bigram character `first` and the
    /// Extend/Format/ZWJ scalars after it — to the bigram run, and returns its end. Where the
    /// segmenter puts boundaries does not matter here: a unit is a unit either way.
    @inline(never)  // keeps the ASCII loop in `run` tight (≈12 % on English)
    private mutating func bigramUnit(
        _ text: UnsafePointer<UInt8>, count: Int, from start: Int, length firstLength: Int,
        _ first: CharacterEntry, _ body: (Token) throws -> Void
    ) rethrows -> Int {
        let pool = table.pool
        var length = 0
        var limit = Self.maxUnitBytes
        appendFolded(first, source: text + start, length: firstLength, pool: pool, to: unit, count: &length, limit: &limit)
        var index = start &+ firstLength
        let isKatakana = first.wordBreak == .katakana
        while index < count && text[index] >= 0x80 {
            let (scalar, scalarLength) = decodeUTF8(text, at: index, count: count)
            let entry = table.entry(scalar)
            if entry.isVoicingMark && (entry.isIgnorable || isKatakana) {  // in the segment: WB4, WB13
                appendVoicingMark(entry, source: text + index, length: scalarLength, table: table, to: unit, count: &length, limit: &limit)
            } else if entry.isIgnorable {
                appendFolded(entry, source: text + index, length: scalarLength, pool: pool, to: unit, count: &length, limit: &limit)
            } else if !isComposableJamo(scalar) || !composeHangul(scalar, entry, table: table, unit: unit, count: length) {
                break
            }
            index &+= scalarLength
        }
        try addUnit(start: start, end: index, unitCount: length, body)
        return index
    }

    /// Folds and emits the words and CJK units of the segment `start..<end`.
    private mutating func segment(
        _ text: UnsafePointer<UInt8>, from start: Int, to end: Int, _ body: (Token) throws -> Void
    ) rethrows {
        enum Run { case none, word, unit }
        let pool = table.pool
        var run = Run.none
        var runStart = start
        var length = 0
        var limit = 0
        var hasWordCharacter = false
        var unitIsKatakana = false
        var index = start
        while index < end {
            let (scalar, scalarLength) = decodeUTF8(text, at: index, count: end)
            let entry = table.entry(scalar)
            let source = text + index
            if entry.isVoicingMark && run == .unit && (entry.isIgnorable || unitIsKatakana) {
                appendVoicingMark(entry, source: source, length: scalarLength, table: table, to: unit, count: &length, limit: &limit)
            } else if entry.isIgnorable {  // marks etc. belong to what precedes them (WB4)
                switch run {
                case .word:
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: term, count: &length, limit: &limit)
                case .unit:
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: unit, count: &length, limit: &limit)
                case .none:
                    break
                }
            } else if entry.isBigramCharacter {
                if run == .unit && isComposableJamo(scalar)
                    && composeHangul(scalar, entry, table: table, unit: unit, count: length)
                {
                    index &+= scalarLength
                    continue
                }
                switch run {
                case .word: if hasWordCharacter { try emitWord(count: length, range: runStart..<index, body) }
                case .unit: try addUnit(start: runStart, end: index, unitCount: length, body)
                case .none: break
                }
                run = .unit
                runStart = index
                unitIsKatakana = entry.wordBreak == .katakana
                length = 0
                limit = Self.maxUnitBytes
                appendFolded(entry, source: source, length: scalarLength, pool: pool, to: unit, count: &length, limit: &limit)
            } else {
                if run != .word {
                    if run == .unit { try addUnit(start: runStart, end: index, unitCount: length, body) }
                    if !entry.isWordCharacter && entry.wordBreak != .extendNumLet {
                        // A word starts with a letter, digit or `_`. Punctuation, spaces and
                        // symbols that UAX #29 glues before one (`한.z` by WB6 after a CJK
                        // unit, ` ‍ℹ` by WB4 and WB3c) are left out, as the fast paths do.
                        run = .none
                        index &+= scalarLength
                        continue
                    }
                    try closeBigramRun(body)
                    run = .word
                    runStart = index
                    length = 0
                    limit = Self.maxTermBytes
                    hasWordCharacter = false
                }
                // Symbols and emoji glued on by WB3c/WB4 (`a‍😀`) are not part of the term.
                if entry.isWordCharacter || entry.wordBreak != .other {
                    appendFolded(entry, source: source, length: scalarLength, pool: pool, to: term, count: &length, limit: &limit)
                    hasWordCharacter = hasWordCharacter || entry.isWordCharacter
                }
            }
            index &+= scalarLength
        }
        switch run {
        case .word: if hasWordCharacter { try emitWord(count: length, range: runStart..<end, body) }
        case .unit: try addUnit(start: runStart, end: end, unitCount: length, body)
        case .none: break
        }
    }

    /// Applies the word-level steps (standard: possessive, stem) to `term[0..<count]` and emits it.
    @inline(__always)
    private mutating func emitWord(count: Int, range: Range<Int>, _ body: (Token) throws -> Void) rethrows {
        var count = count
        if stems {
            // `'s` after folding, so `Legend’s` and `Legend's` both lose it.
            if count > 2 && term[count &- 2] == UInt8(ascii: "'") && term[count &- 1] == UInt8(ascii: "s") {
                count &-= 2
            }
            count = EnglishStemmer.stem(term, count: count)
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

/// Bits of ``CharacterTable/asciiClass``, derived from the Word_Break values of ASCII.
enum ASCIIClass {
    static let letter: UInt8 = 1  // ALetter
    static let digit: UInt8 = 2  // Numeric
    static let connector: UInt8 = 4  // ExtendNumLet (`_`)
    static let midLetter: UInt8 = 8  // MidLetter, MidNumLet, Single_Quote (WB6/7)
    static let midNumber: UInt8 = 16  // MidNum, MidNumLet, Single_Quote (WB11/12)
    static let alphanumeric = letter | digit
    static let continuesWord = letter | digit | connector

    static let highBits: UInt64 = 0x8080_8080_8080_8080
    private static let ones: UInt64 = 0x0101_0101_0101_0101

    /// For eight bytes at once (SWAR): the high bit of each byte that is an ASCII letter, digit or
    /// `_` (`continues`), and of each upper-case ASCII letter (`upper`). Bytes ≥ 0x80 are neither.
    @inline(__always)
    static func wordBytes(_ chunk: UInt64) -> (continues: UInt64, upper: UInt64) {
        let ascii = ~chunk & highBits
        let low = chunk & ~highBits  // 7-bit values: the additions below never carry
        let lowered = low | ones &* 0x20
        let letter = inRange(lowered, 0x61, 0x7A)
        let digit = inRange(low, 0x30, 0x39)
        let underscore = ~((low ^ ones &* 0x5F) &+ ones &* 0x7F) & highBits
        let upper = inRange(low, 0x41, 0x5A)
        return ((letter | digit | underscore) & ascii, upper & ascii)
    }

    /// The high bit of each 7-bit byte of `bytes` in `low...high`.
    @inline(__always)
    private static func inRange(_ bytes: UInt64, _ low: UInt64, _ high: UInt64) -> UInt64 {
        (bytes &+ ones &* (0x80 &- low)) & ~(bytes &+ ones &* (0x7F &- high)) & highBits
    }
}
