import Foundation
import Testing

@testable import Tokenizer

/// Stems `word` through the in-place entry point, in a buffer of exactly its length so that
/// an out-of-bounds access shows up under `--sanitize=address`.
private func stem(_ word: String) -> String {
    let bytes = Array(word.utf8)
    let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
    defer { buffer.deallocate() }
    buffer.initialize(from: bytes, count: bytes.count)
    let length = EnglishStemmer.stem(buffer, count: bytes.count)
    precondition(length >= 0 && length <= bytes.count, "stem of \(word) grew to \(length) bytes")
    return String(decoding: UnsafeBufferPointer(start: buffer, count: length), as: UTF8.self)
}

/// Expected stems from PyPI `snowballstemmer` 3.1.1 (`stemmer('english').stemWord`).
private let referenceStems: [(String, String)] = [
    // Exceptional forms
    ("skies", "sky"), ("sky", "sky"), ("skis", "ski"), ("news", "news"), ("gently", "gentl"),
    ("early", "earli"), ("only", "onli"), ("singly", "singl"), ("ugly", "ugli"), ("idly", "idl"),
    ("howe", "howe"), ("atlas", "atlas"), ("cosmos", "cosmos"), ("bias", "bias"), ("andes", "andes"),
    // Invariant forms in step 1b, and `Cying` → `Cie`
    ("dying", "die"), ("lying", "lie"), ("tying", "tie"), ("inning", "inning"), ("innings", "inning"),
    ("outing", "outing"), ("canning", "canning"), ("herring", "herring"), ("earring", "earring"),
    ("evening", "evening"), ("evenings", "evening"), ("proceed", "proceed"), ("exceed", "exceed"),
    ("succeed", "succeed"), ("proceeding", "proceed"), ("exceeded", "exceed"),
    // R1 prefixes
    ("generous", "generous"), ("generously", "generous"), ("generate", "generat"),
    ("communism", "communism"), ("community", "communiti"), ("arsenal", "arsenal"),
    ("universe", "univers"), ("university", "universiti"), ("emergency", "emergenc"),
    ("organization", "organiz"), ("past", "past"), ("pasted", "paste"), ("pasting", "paste"),
    ("lateral", "lateral"), ("international", "internat"), ("interest", "interest"),
    // Steps 0 and 1a
    ("caresses", "caress"), ("ponies", "poni"), ("ties", "tie"), ("cries", "cri"), ("gaps", "gap"),
    ("gas", "gas"), ("kiwis", "kiwi"), ("john's", "john"), ("dogs'", "dog"), ("'quoted'", "quot"),
    ("''s", ""),
    // Step 1b
    ("feed", "feed"), ("agreed", "agre"), ("bled", "bled"), ("agreedly", "agre"), ("hopping", "hop"),
    ("hoping", "hope"), ("filed", "file"), ("fizzed", "fizz"), ("luxuriating", "luxuri"),
    ("added", "add"), ("egged", "egg"),
    // Consonantal y
    ("cry", "cri"), ("say", "say"), ("saying", "say"), ("enjoying", "enjoy"), ("youth", "youth"),
    ("yelling", "yell"), ("yyy", "yyy"), ("ayy", "ayi"), ("eying", "eye"),
    // Steps 2 to 5
    ("relational", "relat"), ("conditional", "condit"), ("valency", "valenc"), ("hesitancy", "hesit"),
    ("digitizer", "digit"), ("differentli", "differ"), ("vileli", "vile"), ("vietnamization", "vietnam"),
    ("feudalism", "feudal"), ("decisiveness", "decis"), ("hopefulness", "hope"),
    ("sensibiliti", "sensibl"), ("triplicate", "triplic"), ("formative", "format"),
    ("formalize", "formal"), ("electrical", "electr"), ("goodness", "good"), ("replacement", "replac"),
    ("adjustment", "adjust"), ("adoption", "adopt"), ("homologous", "homolog"),
    ("bowdlerize", "bowdler"), ("controll", "control"), ("roll", "roll"), ("geologist", "geolog"),
    ("archaeologies", "archaeolog"), ("consistently", "consist"),
]

@Suite struct EnglishStemmerTests {
    @Test(arguments: referenceStems)
    func stemsLikeSnowball(word: String, expected: String) {
        #expect(stem(word) == expected)
    }

    @Test func shortWordsAreUnchanged() {
        for word in ["", "a", "is", "as", "ys", "'s"] {
            #expect(stem(word) == word)
        }
    }

    /// Documented behaviour, not the reference's: it would apply the rules to code points.
    @Test func nonASCIIWordsAreUnchanged() {
        for word in ["naïvely", "случаях", "東京", "cafés"] {
            #expect(stem(word) == word)
        }
    }

    /// Expected values from the reference, which treats digits as non-vowels.
    @Test func digitsAreNonVowels() {
        #expect(stem("1990s") == "1990s")
        #expect(stem("mp3s") == "mp3s")
        #expect(stem("ipv6s") == "ipv6")
        #expect(stem("h2ing") == "h2ing")
    }

    /// Every `word<TAB>stem` line of the file named by `$STEMMER_VOCABULARY`, written by
    /// `scripts/generate-stemmer-vocabulary.py` from the corpora under `$SEARCH_DATA` and the
    /// reference implementation. CI generates the file before `swift test`; elsewhere the
    /// variable is usually unset and the test is skipped rather than failed, since it needs
    /// Python, `snowballstemmer` and the data set.
    @Test(
        .enabled(
            if: ProcessInfo.processInfo.environment["STEMMER_VOCABULARY"] != nil,
            "set STEMMER_VOCABULARY to a file written by scripts/generate-stemmer-vocabulary.py"))
    func agreesWithSnowballOnVocabulary() throws {
        let path = try #require(ProcessInfo.processInfo.environment["STEMMER_VOCABULARY"])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var checked = 0
        var mismatches: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            try #require(fields.count == 2, "malformed line: \(line)")
            let actual = stem(String(fields[0]))
            if actual != fields[1] {
                mismatches.append("\(fields[0]) → \(actual), expected \(fields[1])")
            }
            checked += 1
        }
        #expect(checked > 10_000, "vocabulary at \(path) is too small: \(checked) words")
        let sample = mismatches.prefix(30).joined(separator: "; ")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(checked) words differ: \(sample)")
    }
}
