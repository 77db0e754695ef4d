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
/// Kana voicing marks are composed with the kana before them when they are in its UAX #29
/// segment (any U+3099/U+309A; half-width `ﾞ`, `ﾟ` and spacing `゛`, `゜` after Katakana), so
/// half-width `ｶﾞｲﾄﾞ` and decomposed `カ` + U+3099 meet `ガイド`. This is the one place the
/// tokenizer composes across scalars (see the limits in `Folding/Folding.swift`).
///
/// Conjoining Hangul jamo (U+1100…, and compatibility jamo, which NFKC maps to them) are
/// composed into syllables the same way (`ᄀ` + `ᅡ` + `ᆨ` → `각`), so NFD Korean text (as
/// macOS file names carry it) meets precomposed text. Old-Hangul jamo with no modern syllable
/// stay units of their own.
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
    /// Adds the CJK unit starting at `start` — the bigram character `first` and the
    /// Extend/Format/ZWJ scalars after it — to the bigram run, and returns its end. Where the
    /// segmenter puts boundaries does not matter here: a unit is a unit either way.
    @inline(never)  // keeps the ASCII loop in `run` tight (≈12 % on English)
    mutating func bigramUnit(
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

/// Appends the voicing mark `mark` (its folded form) to the unit `unit[0..<count]`, composing
/// it with the unit's kana when Unicode has the composed character (`カ` + U+3099 → `ガ`).
@inline(never)  // rare
func appendVoicingMark(
    _ mark: CharacterEntry, source: UnsafePointer<UInt8>, length: Int, table: CharacterTable,
    to unit: UnsafeMutablePointer<UInt8>, count: inout Int, limit: inout Int
) {
    if count == 3 {  // one kana: all are three bytes in UTF-8
        let base = decodeUTF8(unit, at: 0, count: 3).scalar
        let folded = table.pool + mark.foldedOffset
        let semivoiced: UInt32 = mark.foldedLength == 3 && folded[2] == 0x9A ? 1 : 0
        if let composed = UnicodeTableData.kanaVoicing[base << 1 | semivoiced] {
            unit[0] = UInt8(0xE0 | composed >> 12)
            unit[1] = UInt8(0x80 | (composed >> 6) & 0x3F)
            unit[2] = UInt8(0x80 | composed & 0x3F)
            return
        }
    }
    appendFolded(mark, source: source, length: length, pool: table.pool, to: unit, count: &count, limit: &limit)
}

/// Composes the Hangul jamo `jamo` (its folded form per `entry`) with the unit
/// `unit[0..<count]` when the unit is a leading consonant and `jamo` a vowel, or the unit an
/// LV syllable and `jamo` a trailing consonant (Unicode §3.12); returns `false` otherwise.
@inline(never)  // rare
func composeHangul(
    _ jamo: UInt32, _ entry: CharacterEntry, table: CharacterTable, unit: UnsafeMutablePointer<UInt8>, count: Int
) -> Bool {
    guard count == 3 else { return false }  // jamo and syllables are three bytes in UTF-8
    var next = jamo
    if entry.foldedLength == 3 {  // compatibility jamo: NFKC maps them to conjoining ones
        next = decodeUTF8(table.pool + entry.foldedOffset, at: 0, count: 3).scalar
    }
    let base = decodeUTF8(unit, at: 0, count: 3).scalar
    let composed: UInt32
    if base &- 0x1100 < 19 && next &- 0x1161 < 21 {
        composed = 0xAC00 + ((base - 0x1100) * 21 + (next - 0x1161)) * 28
    } else if base &- 0xAC00 < 11172 && (base - 0xAC00) % 28 == 0 && next &- 0x11A8 < 27 {
        composed = base + (next - 0x11A7)
    } else {
        return false
    }
    unit[0] = UInt8(0xE0 | composed >> 12)
    unit[1] = UInt8(0x80 | (composed >> 6) & 0x3F)
    unit[2] = UInt8(0x80 | composed & 0x3F)
    return true
}

/// Might `scalar` be a jamo that ``composeHangul(_:_:table:unit:count:)`` composes: a
/// conjoining vowel or trailing consonant, or a compatibility jamo?
@inline(__always)
func isComposableJamo(_ scalar: UInt32) -> Bool {
    scalar &- 0x1161 < 0x62 || scalar &- 0x3131 < 0x33
}
