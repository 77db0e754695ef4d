/// The Snowball English stemmer ("Porter2"), as published at
/// <https://snowballstem.org/algorithms/english/stemmer.html>, in the revision shipped with
/// Snowball 3.x (checked against PyPI `snowballstemmer` 3.1.1).
///
/// Outline of the algorithm, in the order it runs:
/// 1. Words of one of the exceptional forms (`skies`, `news`, `gently`, …) map to a fixed stem.
/// 2. Words shorter than three letters are left alone.
/// 3. Prelude: drop a leading `'`; mark an initial `y`, and every `y` after a vowel, as the
///    consonant `Y`.
/// 4. Regions: R1 starts after the first non-vowel that follows a vowel, or after one of the
///    prefixes `arsen`, `commun`, `emerg`, `gener`, `inter`, `later`, `organ`, `past`,
///    `univers`; R2 is the same rule applied again inside R1.
/// 5. Steps 0/1a (apostrophes, plurals), 1b (`-ed`, `-ing`, with the invariant forms
///    `inning`, `outing`, `canning`, `herring`, `earring`, `evening`, `exceed`, `proceed`,
///    `succeed`), 1c (`y` → `i`), 2 and 3 (derivational suffixes in R1), 4 (suffixes in R2)
///    and 5 (final `e` and `ll`).
/// 6. Postlude: `Y` back to `y`.
///
/// The current revision differs from the older published description in a few places that
/// matter for agreeing with other engines: `dying`/`lying`/`tying` are handled by step 1b
/// (`Cying` → `Cie`) rather than by the exception list, the invariant-after-1a list is folded
/// into step 1b, there are more R1 prefixes, and step 2 also knows `-ogist`.
///
/// Input is the case-folded term as UTF-8 bytes. Letters outside `a`–`z` (digits, `'`, other
/// ASCII) are non-vowels, as in the reference. A word containing any byte ≥ 0x80 is returned
/// unchanged: the reference counts code points rather than bytes, so matching it there would
/// cost decoding, and such words reach this point only for non-Latin scripts (diacritics are
/// already folded away), which English rules would stem wrongly anyway.
///
/// Every rule shortens the word or keeps its length, so stemming happens in place and the
/// result always fits the input buffer. Nothing is allocated.
enum EnglishStemmer {
    /// Stems the `count` bytes at `word` in place and returns the length of the stem, which is
    /// never more than `count`; nothing at or after `word + count` is read or written.
    static func stem(_ word: UnsafeMutablePointer<UInt8>, count: Int) -> Int {
        guard count > 2 else { return count }
        for index in 0..<count where word[index] >= 0x80 { return count }
        var stemmer = Word(word, count: count)
        if stemmer.applyException() { return stemmer.count }
        stemmer.prelude()
        stemmer.markRegions()
        stemmer.step1a()
        stemmer.step1b()
        stemmer.step1c()
        stemmer.step2()
        stemmer.step3()
        stemmer.step4()
        stemmer.step5()
        stemmer.postlude()
        assert(stemmer.count <= count)
        return stemmer.count
    }
}

extension EnglishStemmer {
    /// The word being stemmed: the caller's buffer, its current length and its regions.
    struct Word {
        let word: UnsafeMutablePointer<UInt8>
        var count: Int
        /// Start of R1 and R2; the length after the prelude when the region is empty.
        var r1 = 0
        var r2 = 0
        /// Whether the prelude turned some `y` into `Y`. The postlude only rewrites `Y` when this
        /// is set, like the reference, so a stray upper-case `Y` in the input survives otherwise.
        var markedY = false

        init(_ word: UnsafeMutablePointer<UInt8>, count: Int) {
            self.word = word
            self.count = count
        }

        // MARK: Letter classes

        /// `a e i o u y`, as bits indexed by `letter - "a"`. A marked `Y` is not a vowel.
        private static let vowels: UInt32 = 1 << 0 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20 | 1 << 24
        /// Letters that may precede a deletable `-li`: `c d e g h k m n r t`.
        private static let validLI: UInt32 =
            1 << 2 | 1 << 3 | 1 << 4 | 1 << 6 | 1 << 7 | 1 << 10 | 1 << 12 | 1 << 13 | 1 << 17 | 1 << 19

        @inline(__always)
        static func isVowel(_ byte: UInt8) -> Bool {
            let offset = byte &- 0x61
            return offset < 26 && (vowels >> UInt32(offset)) & 1 != 0
        }

        @inline(__always)
        static func isValidLI(_ byte: UInt8) -> Bool {
            let offset = byte &- 0x61
            return offset < 26 && (validLI >> UInt32(offset)) & 1 != 0
        }

        // MARK: Matching

        /// Whether the word ends with `suffix` (ASCII).
        @inline(__always)
        func endsWith(_ suffix: StaticString) -> Bool {
            endsWith(suffix, at: count)
        }

        /// Whether the `end` first bytes of the word end with `suffix` (ASCII).
        @inline(__always)
        func endsWith(_ suffix: StaticString, at end: Int) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard length <= end else { return false }
            let start = word + (end - length)
            let bytes = suffix.utf8Start
            for index in 0..<length where start[index] != bytes[index] { return false }
            return true
        }

        /// Whether the word is exactly `text`.
        @inline(__always)
        func equals(_ text: StaticString) -> Bool {
            count == text.utf8CodeUnitCount && endsWith(text)
        }

        /// Whether the first `end` bytes of the word are exactly `text`.
        @inline(__always)
        func prefixEquals(_ text: StaticString, end: Int) -> Bool {
            end == text.utf8CodeUnitCount && endsWith(text, at: end)
        }

        /// Replaces the last `length` bytes by `replacement`, which must not be longer.
        @inline(__always)
        mutating func replaceSuffix(_ length: Int, with replacement: StaticString) {
            let newLength = replacement.utf8CodeUnitCount
            assert(newLength <= length && length <= count)
            let start = count - length
            (word + start).update(from: replacement.utf8Start, count: newLength)
            count = start + newLength
        }

        // MARK: Exceptions, prelude, regions, postlude

        /// Exceptional forms: whole words with a fixed stem (or none). Returns whether one matched.
        mutating func applyException() -> Bool {
            switch count {
            case 3:
                return equals("sky")
            case 4:
                if equals("skis") || equals("idly") {
                    count = 3
                    return true
                }
                if equals("ugly") || equals("only") {
                    word[3] = Letter.i
                    return true
                }
                return equals("bias") || equals("howe") || equals("news")
            case 5:
                if equals("skies") {
                    replaceSuffix(3, with: "y")
                    return true
                }
                if equals("early") {
                    word[4] = Letter.i
                    return true
                }
                return equals("andes") || equals("atlas")
            case 6:
                if equals("gently") || equals("singly") {
                    count = 5
                    return true
                }
                return equals("cosmos")
            default:
                return false
            }
        }

        /// Drops a leading apostrophe and marks consonantal `y` as `Y`.
        mutating func prelude() {
            if word[0] == Letter.apostrophe {
                // Rare, so a byte-by-byte shift is good enough.
                for index in 1..<count { word[index - 1] = word[index] }
                count -= 1
            }
            if word[0] == Letter.y {
                word[0] = Letter.markedY
                markedY = true
            }
            // Left to right, so `yyy` → `YyY`: a marked `Y` no longer counts as a vowel.
            var index = 1
            while index < count {
                if word[index] == Letter.y, Word.isVowel(word[index - 1]) {
                    word[index] = Letter.markedY
                    markedY = true
                }
                index += 1
            }
        }

        /// The index just past the first non-vowel that follows a vowel at or after `start`, or
        /// `count` when there is none.
        private func regionStart(from start: Int) -> Int {
            var index = start
            while index < count, !Word.isVowel(word[index]) { index += 1 }
            while index < count, Word.isVowel(word[index]) { index += 1 }
            return index < count ? index + 1 : count
        }

        mutating func markRegions() {
            r1 = specialPrefixLength() ?? regionStart(from: 0)
            r2 = regionStart(from: r1)
        }

        /// Prefixes whose R1 would otherwise start too early (`gener-ous` vs `gen-erous`).
        private func specialPrefixLength() -> Int? {
            switch word[0] {
            case UInt8(ascii: "a"): return hasPrefix("arsen") ? 5 : nil
            case UInt8(ascii: "c"): return hasPrefix("commun") ? 6 : nil
            case UInt8(ascii: "e"): return hasPrefix("emerg") ? 5 : nil
            case UInt8(ascii: "g"): return hasPrefix("gener") ? 5 : nil
            case UInt8(ascii: "i"): return hasPrefix("inter") ? 5 : nil
            case UInt8(ascii: "l"): return hasPrefix("later") ? 5 : nil
            case UInt8(ascii: "o"): return hasPrefix("organ") ? 5 : nil
            case UInt8(ascii: "p"): return hasPrefix("past") ? 4 : nil
            case UInt8(ascii: "u"): return hasPrefix("univers") ? 7 : nil
            default: return nil
            }
        }

        private func hasPrefix(_ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard length <= count else { return false }
            let bytes = prefix.utf8Start
            for index in 0..<length where word[index] != bytes[index] { return false }
            return true
        }

        mutating func postlude() {
            guard markedY else { return }
            for index in 0..<count where word[index] == Letter.markedY { word[index] = Letter.y }
        }
    }

    /// The bytes the rules test or write one at a time.
    enum Letter {
        static let apostrophe = UInt8(ascii: "'")
        static let e = UInt8(ascii: "e")
        static let i = UInt8(ascii: "i")
        static let l = UInt8(ascii: "l")
        static let s = UInt8(ascii: "s")
        static let t = UInt8(ascii: "t")
        static let y = UInt8(ascii: "y")
        /// The prelude's consonantal `y`; upper case can't otherwise occur in a folded term.
        static let markedY = UInt8(ascii: "Y")
    }
}
