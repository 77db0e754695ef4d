// The suffix steps of the Snowball English stemmer; see ``EnglishStemmer`` for the outline.
//
// Each step looks for the longest suffix in its list that ends the word and then either
// applies its rule or does nothing: a failing condition never falls back to a shorter suffix
// (`-ement` outside R2 does not become `-ment` in R2). The checks below are grouped by the
// last letter and ordered longest first to get that behaviour without a table search.

extension EnglishStemmer.Word {
    private typealias Letter = EnglishStemmer.Letter

    /// If the word ends with `suffix`, replaces it when the suffix starts at or after `region`.
    /// Returns whether the suffix matched, so `||` chains stop at the longest match.
    @inline(__always)
    private mutating func replace(
        _ suffix: StaticString, _ replacement: StaticString, from region: Int
    ) -> Bool {
        guard endsWith(suffix) else { return false }
        let length = suffix.utf8CodeUnitCount
        if count - length >= region { replaceSuffix(length, with: replacement) }
        return true
    }

    private func containsVowel(before end: Int) -> Bool {
        for index in 0..<end where Self.isVowel(word[index]) { return true }
        return false
    }

    /// Whether the first `end` bytes end in a short syllable: non-vowel, vowel, then a
    /// non-vowel other than `w`, `x` or `Y`; or a vowel and a non-vowel making up the whole
    /// word; or (a Snowball 3 addition) `past`.
    private func endsInShortSyllable(at end: Int) -> Bool {
        if end >= 3 {
            let last = word[end - 1]
            let isWXY = last == UInt8(ascii: "w") || last == UInt8(ascii: "x") || last == Letter.markedY
            if !isWXY, !Self.isVowel(last), Self.isVowel(word[end - 2]), !Self.isVowel(word[end - 3]) {
                return true
            }
        } else if end == 2, !Self.isVowel(word[1]), Self.isVowel(word[0]) {
            return true
        }
        return endsWith("past", at: end)
    }

    /// Step 0 (apostrophe suffixes) and step 1a (plurals).
    mutating func step1a() {
        if endsWith("'s'") {
            count -= 3
        } else if endsWith("'s") {
            count -= 2
        } else if endsWith("'") {
            count -= 1
        }
        guard count > 1, word[count - 1] == Letter.s || word[count - 1] == UInt8(ascii: "d") else { return }
        if endsWith("sses") {
            count -= 2
        } else if endsWith("ied") || endsWith("ies") {
            // `cries` → `cri` but `ties` → `tie`: one letter is too little for a stem.
            count -= count >= 5 ? 2 : 1
        } else if word[count - 1] == Letter.s, !endsWith("ss"), !endsWith("us") {
            // `gaps` → `gap` but `gas` stays: the vowel may not be the letter before the `s`.
            if containsVowel(before: count - 2) { count -= 1 }
        }
    }

    /// Step 1b: `-eed(ly)` becomes `-ee` in R1; `-ed(ly)`, `-ing(ly)` go after a vowel, and
    /// the stem is then repaired (`hop(p)ing` → `hop`, `hoping` → `hope`, `luxuriat` → `luxuriate`).
    mutating func step1b() {
        let suffix: Int
        if endsWith("eedly") || endsWith("eed") {
            let stem = count - (endsWith("eedly") ? 5 : 3)
            let invariant = prefixEquals("succ", end: stem) || prefixEquals("proc", end: stem)
                || prefixEquals("exc", end: stem)
            if stem >= r1, !invariant { count = stem + 2 }
            return
        } else if endsWith("ing") {
            let stem = count - 3
            // `inning`, `outing`, … are words in their own right, not forms of `inn`, `out`.
            if prefixEquals("even", end: stem) || prefixEquals("cann", end: stem)
                || prefixEquals("inn", end: stem) || prefixEquals("earr", end: stem)
                || prefixEquals("herr", end: stem) || prefixEquals("out", end: stem)
            {
                return
            }
            // `dying`, `lying`, `tying` → `die`, `lie`, `tie`.
            if stem == 2, word[1] == Letter.y, !Self.isVowel(word[0]) {
                word[1] = Letter.i
                word[2] = Letter.e
                count = 3
                return
            }
            suffix = 3
        } else if endsWith("ingly") || endsWith("edly") {
            suffix = endsWith("ingly") ? 5 : 4
        } else if endsWith("ed") {
            suffix = 2
        } else {
            return
        }
        let stem = count - suffix
        guard containsVowel(before: stem) else { return }
        count = stem
        if endsWith("at") || endsWith("bl") || endsWith("iz") {
            appendE()
        } else if count >= 2, word[count - 1] == word[count - 2], Self.isUndoubled(word[count - 1]) {
            // `add`, `egg`, `odd` keep their double letter.
            let first = word[0]
            let keep = count == 3 && (first == UInt8(ascii: "a") || first == Letter.e || first == UInt8(ascii: "o"))
            if !keep { count -= 1 }
        } else if count == r1, endsInShortSyllable(at: count) {
            appendE()
        }
    }

    /// Safe in place: it only follows the removal of a suffix of two letters or more.
    private mutating func appendE() {
        word[count] = Letter.e
        count += 1
    }

    /// The doubled letters step 1b undoubles: `b d f g m n p r t`.
    private static func isUndoubled(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "d"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "m"),
            UInt8(ascii: "n"), UInt8(ascii: "p"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return true
        default:
            return false
        }
    }

    /// Step 1c: a final `y` or `Y` after a non-vowel that is not the first letter becomes `i`.
    mutating func step1c() {
        guard count >= 3, word[count - 1] == Letter.y || word[count - 1] == Letter.markedY,
            !Self.isVowel(word[count - 2])
        else { return }
        word[count - 1] = Letter.i
    }

    /// Step 2: derivational suffixes in R1 (`-ization` → `-ize`, `-fulness` → `-ful`, …).
    mutating func step2() {
        guard count >= 3 else { return }
        switch word[count - 1] {
        case Letter.i where word[count - 2] == Letter.l:
            if replace("lessli", "less", from: r1) || replace("fulli", "ful", from: r1)
                || replace("ousli", "ous", from: r1) || replace("entli", "ent", from: r1)
                || replace("abli", "able", from: r1) || replace("alli", "al", from: r1)
                || replace("bli", "ble", from: r1)
            {
                return
            }
            let start = count - 2
            if start >= r1, start > 0, Self.isValidLI(word[start - 1]) { count = start }
        case Letter.i:
            if replace("biliti", "ble", from: r1) || replace("aliti", "al", from: r1)
                || replace("iviti", "ive", from: r1) || replace("anci", "ance", from: r1)
                || replace("enci", "ence", from: r1)
            {
                return
            }
            // `-logi` → `-log`, but `-ogi` after anything else stays.
            let start = count - 3
            if endsWith("ogi"), start >= r1, start > 0, word[start - 1] == Letter.l { count -= 1 }
        case Letter.l:
            _ = replace("ational", "ate", from: r1) || replace("tional", "tion", from: r1)
        case UInt8(ascii: "m"):
            _ = replace("alism", "al", from: r1)
        case UInt8(ascii: "n"):
            _ = replace("ization", "ize", from: r1) || replace("ation", "ate", from: r1)
        case UInt8(ascii: "r"):
            _ = replace("izer", "ize", from: r1) || replace("ator", "ate", from: r1)
        case Letter.s:
            _ = replace("iveness", "ive", from: r1) || replace("fulness", "ful", from: r1)
                || replace("ousness", "ous", from: r1)
        case Letter.t:
            _ = replace("ogist", "og", from: r1)
        default:
            break
        }
    }

    /// Step 3: more derivational suffixes in R1; `-ative` only in R2.
    mutating func step3() {
        guard count >= 3 else { return }
        switch word[count - 1] {
        case Letter.l:
            _ = replace("ational", "ate", from: r1) || replace("tional", "tion", from: r1)
                || replace("ical", "ic", from: r1) || replace("ful", "", from: r1)
        case Letter.e:
            _ = replace("icate", "ic", from: r1) || replace("ative", "", from: r2)
                || replace("alize", "al", from: r1)
        case Letter.i:
            _ = replace("iciti", "ic", from: r1)
        case Letter.s:
            _ = replace("ness", "", from: r1)
        default:
            break
        }
    }

    /// Step 4: suffixes deleted in R2; `-ion` only after `s` or `t`.
    mutating func step4() {
        guard count >= 2 else { return }
        switch word[count - 1] {
        case UInt8(ascii: "c"):
            _ = replace("ic", "", from: r2)
        case Letter.e:
            _ = replace("ance", "", from: r2) || replace("ence", "", from: r2) || replace("able", "", from: r2)
                || replace("ible", "", from: r2) || replace("ate", "", from: r2) || replace("ive", "", from: r2)
                || replace("ize", "", from: r2)
        case Letter.i:
            _ = replace("iti", "", from: r2)
        case Letter.l:
            _ = replace("al", "", from: r2)
        case UInt8(ascii: "m"):
            _ = replace("ism", "", from: r2)
        case UInt8(ascii: "n"):
            let start = count - 3
            guard endsWith("ion"), start >= r2, start > 0 else { return }
            if word[start - 1] == Letter.s || word[start - 1] == Letter.t { count = start }
        case UInt8(ascii: "r"):
            _ = replace("er", "", from: r2)
        case Letter.s:
            _ = replace("ous", "", from: r2)
        case Letter.t:
            _ = replace("ement", "", from: r2) || replace("ment", "", from: r2) || replace("ant", "", from: r2)
                || replace("ent", "", from: r2)
        default:
            break
        }
    }

    /// Step 5: a final `e` goes in R2, or in R1 unless it follows a short syllable
    /// (`hope` keeps it); a final `ll` in R2 loses one `l`.
    mutating func step5() {
        guard count >= 1 else { return }
        let start = count - 1
        if word[start] == Letter.e {
            if start >= r2 || (start >= r1 && !endsInShortSyllable(at: start)) { count = start }
        } else if word[start] == Letter.l, start >= r2, start > 0, word[start - 1] == Letter.l {
            count = start
        }
    }
}
