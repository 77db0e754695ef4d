/// The Word_Break property of UAX #29 (Unicode 15.0), plus the project's own flags, as stored
/// in ``CharacterTable``. The raw values are the generator's `WORD_BREAK` order: change both
/// together.
enum WordBreak: UInt8, CaseIterable {
    case other = 0, cr, lf, newline, extend, zwj, regionalIndicator, format
    case katakana, hebrewLetter, aLetter, singleQuote, doubleQuote, midNumLet, midLetter, midNum
    case numeric, extendNumLet, wSegSpace
}

/// One code point's entry in ``CharacterTable``, unpacked with shifts and masks (see
/// `scripts/generate-unicode-tables.py` for the layout).
struct CharacterEntry {
    let rawValue: UInt32

    @inline(__always) init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The Word_Break value.
    @inline(__always) var wordBreak: WordBreak {
        // The generator writes only values 0…18; `init(rawValue:)` was not inlined.
        unsafeBitCast(UInt8(truncatingIfNeeded: rawValue & 0x1F), to: WordBreak.self)
    }
    /// Extended_Pictographic (for WB3c, ZWJ × emoji).
    @inline(__always) var isExtendedPictographic: Bool { rawValue & 0x20 != 0 }
    /// A letter, digit or ideograph: a segment containing one is a word.
    @inline(__always) var isWordCharacter: Bool { rawValue & 0x40 != 0 }
    /// Han, Kana, Hangul or a letter of a script written without spaces: indexed as bigrams.
    @inline(__always) var isBigramCharacter: Bool { rawValue & 0x80 != 0 }
    /// Extend, Format or ZWJ: ignored by most rules (WB4), attached to what precedes.
    @inline(__always) var isIgnorable: Bool {
        let value = rawValue & 0x1F
        return value == 4 || value == 5 || value == 7
    }
    /// Length of the folded form in UTF-8 bytes; `CharacterEntry.foldsToItself` if unchanged.
    @inline(__always) var foldedLength: Int { Int((rawValue >> 8) & 0x3F) }
    /// Offset of the folded form in the table's byte pool.
    @inline(__always) var foldedOffset: Int { Int((rawValue >> 14) & 0x1_FFFF) }
    /// Folds to a kana voicing mark (U+3099, U+309A; also half-width ﾞ ﾟ and spacing ゛ ゜).
    @inline(__always) var isVoicingMark: Bool { rawValue & 0x8000_0000 != 0 }

    /// The `foldedLength` of a code point that folds to itself.
    static let foldsToItself = 63
}
