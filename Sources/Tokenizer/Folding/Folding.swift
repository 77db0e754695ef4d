/// Folding: the per-scalar mapping that makes `Café`, `CAFE` and `café` one term.
///
/// Every choice below is made by `scripts/generate-unicode-tables.py` when it builds the table;
/// this comment is the reference for them (README can quote the list), and
/// `FoldingConformanceTests` checks the table against NFKC_CF with exactly these deviations.
///
/// 1. **NFKC_Casefold** (`NFKC_CF` in DerivedNormalizationProps.txt, Unicode 15.0) is the base:
///    compatibility normalization + full case folding + removal of default-ignorable code points
///    (soft hyphen, ZWJ/ZWNJ, variation selectors). So `ﬁ` → `fi`, `ß` → `ss`, `ς` → `σ`,
///    full-width `ＡＢＣ` → `abc`, half-width `ｶ` → `カ`, `①` → `1`, `ǅ` → `dž`.
/// 2. **Combining marks are removed** (TR #30 "diacritic folding", as Lucene's
///    ICUFoldingFilter) when they are accents or optional vocalization: a mark (Mn, Me) is
///    removed if its script is Inherited, Common, Latin, Greek, Cyrillic, Hebrew or Arabic.
///    Precomposed letters of those scripts lose their marks too (`é` → `e`, `ά` → `α`,
///    `ё` → `е`, `آ`/`أ`/`إ` → `ا`, Hebrew points and Arabic harakat go). Marks of all other
///    scripts are kept: Devanagari, Bengali, Thai, Tibetan … vowel signs and viramas spell the
///    word, and removing them would merge unrelated words.
/// 3. **Kept although listed**: the kana voicing marks U+3099/U+309A (they change the
///    syllable: `が` ≠ `か`), and the Cyrillic letters `й`, `ў`, `ї` — letters in their own
///    right, not accented variants (`мой` ≠ `мои`). By contrast Latin `ñ` → `n` like ICU
///    (`año` meets `ano`: recall over precision, as for every Latin accent).
/// 4. **Apostrophes**: `’` U+2019, `‘` U+2018, `‛` U+201B and `ʼ` U+02BC → `'` (and `＇` via
///    NFKC), so `Legend’s` → `legend's` and the standard analyzer's possessive rule applies.
/// 5. **Turkish i**: language-independent folding: `İ` → `i` (NFKC_CF gives `i̇`, the dot is a
///    removed mark) and dotless `ı` → `i`. Turkish loses the ı/i distinction; every other
///    language gets `İstanbul` = `istanbul`.
/// 6. **Letters with strokes** that have no decomposition, as ICU folding: `ø` → `o`, `đ` → `d`,
///    `ł` → `l`, `ħ` → `h`, `ŧ` → `t`, `ƀ` → `b`, `ƶ` → `z`, `ɨ` → `i`; ligatures `æ` → `ae`,
///    `œ` → `oe`. `ð`, `þ` are letters of Icelandic and stay.
/// 7. **Spaces** in NFKC results (`﷽`, `¨` → ` ̈`, `゛`) are dropped: a term never contains one.
///
/// Known limits of a per-scalar table — it cannot compose across scalars:
/// - Conjoining Hangul jamo are composed into syllables by the tokenizer, not by this table
///   (`CJK/Bigrams.swift`); Old-Hangul jamo sequences with no precomposed syllable stay jamo.
/// - A base + combining mark whose mark is kept (Devanagari + nukta U+093C, Thai + tone mark
///   when written decomposed) stays decomposed, so it differs from a precomposed character
///   where one exists (`क` + U+093C ≠ `क़`… NFKC_CF itself decomposes that one). Base + a
///   *removed* mark is fine: `e` + U+0301 → `e`, the same as `é`. Kana + voicing mark is the
///   exception that is composed, by the tokenizer (`CJK/Bigrams.swift`): `ｶﾞ` = `ガ`.
/// - Folded forms are not re-checked for word-ness: `½` folds to `1⁄2` inside a term.
enum Folding {
    /// The folded form of one scalar, as the tokenizer applies it (for tests and tools; the
    /// hot path uses ``appendFolded(_:source:length:pool:to:count:limit:)``).
    static func fold(_ scalar: Unicode.Scalar) -> String {
        let entry = CharacterTable.shared.entry(scalar.value)
        if entry.foldedLength == CharacterEntry.foldsToItself { return String(scalar) }
        let bytes = UnsafeBufferPointer(start: CharacterTable.shared.pool + entry.foldedOffset, count: entry.foldedLength)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Folds each scalar of `text` (no segmentation).
    static func fold(_ text: String) -> String {
        text.unicodeScalars.map { fold($0) }.joined()
    }
}

/// Appends the folded form of one scalar (`source[0..<length]`, with table entry `entry`) to
/// `destination[count...]`, unless the result would pass `limit`: then nothing more is appended
/// to this term (`limit` becomes 0), so a term is cut at a scalar boundary.
@inline(__always)
func appendFolded(
    _ entry: CharacterEntry, source: UnsafePointer<UInt8>, length: Int, pool: UnsafePointer<UInt8>,
    to destination: UnsafeMutablePointer<UInt8>, count: inout Int, limit: inout Int
) {
    var folded = entry.foldedLength
    var from = source
    if folded == CharacterEntry.foldsToItself {
        folded = length
    } else {
        from = pool + entry.foldedOffset
    }
    guard count &+ folded <= limit else {
        limit = 0
        return
    }
    var i = 0
    while i < folded {
        destination[count &+ i] = from[i]
        i &+= 1
    }
    count &+= folded
}
