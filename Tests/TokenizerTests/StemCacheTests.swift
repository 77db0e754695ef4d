import Foundation
import Testing
import TestSupport

@testable import Tokenizer

/// The stem cache must be invisible: through it, every word gets exactly the stem the stemmer
/// gives (or is dropped as a stop word), on a miss, on a hit, and after its slot was taken by
/// another word.
@Suite struct StemCacheTests {
    /// Stems `word` through `cache` in a 512-byte buffer whose bytes after the word are
    /// garbage (as in the pipeline's term buffer), so the cache's masking is exercised.
    private func cachedStem(_ word: [UInt8], _ cache: StemCache, garbage: UInt8) -> [UInt8] {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 512)
        defer { buffer.deallocate() }
        buffer.initialize(repeating: garbage, count: 512)
        buffer.update(from: word, count: word.count)
        let length = cache.analyze(buffer, count: word.count)
        return length < 0 ? Array("<stop>".utf8) : Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    private func referenceStem(_ word: [UInt8], dropsStopWords: Bool = true) -> [UInt8] {
        let stopWords = Set(EnglishStopWords.all.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) })
        if dropsStopWords && stopWords.contains(word) { return Array("<stop>".utf8) }
        var copy = word
        let length = copy.withUnsafeMutableBufferPointer { EnglishStemmer.stem($0.baseAddress!, count: $0.count) }
        return Array(copy.prefix(length))
    }

    /// Words made of a random stem and one of the suffixes the rules test, so most take some
    /// rule; lengths straddle the cache's 8-, 16- and 24-byte boundaries.
    private func randomWords(count: Int, seed: UInt64) -> [[UInt8]] {
        let letters = Array("abcdefghiklmnoprstuvwxyyeeaaoo'".utf8)
        let suffixes = [
            "", "s", "es", "ed", "ing", "ly", "ness", "ational", "ization", "fulness", "ement", "ies", "ied",
            "'s", "y", "ity", "iveness", "ous", "ance", "ence", "able", "ible", "al", "er", "ism", "ion",
            "ate", "iti", "li", "ogi", "eed", "edly", "ingly", "ll", "e", "bli", "alli", "ousli", "ative",
        ].map { Array($0.utf8) }
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let stem = (0..<Int.random(in: 1...20, using: &generator)).map { _ in letters.randomElement(using: &generator)! }
            return Array((stem + suffixes.randomElement(using: &generator)!).prefix(30))
        }
    }

    @Test(arguments: [true, false])
    func agreesWithTheStemmerOnMissesHitsAndEvictions(dropsStopWords: Bool) {
        let cache = StemCache(dropsStopWords: dropsStopWords)
        defer { cache.deallocate() }
        let stopWords = EnglishStopWords.all.map { Array(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
        let words = randomWords(count: 120_000, seed: 42) + stopWords + stopWords.map { $0 + Array("s".utf8) }
        var mismatches: [String] = []
        // Round 1 fills the cache (with collisions: more words than slots); round 2 mostly hits.
        for round in 0..<2 {
            for (index, word) in words.enumerated() {
                let garbage = UInt8(truncatingIfNeeded: index &* 37 &+ round)
                let actual = cachedStem(word, cache, garbage: garbage)
                let expected = referenceStem(word, dropsStopWords: dropsStopWords)
                if actual != expected && mismatches.count < 20 {
                    mismatches.append("\(String(decoding: word, as: UTF8.self)) → \(String(decoding: actual, as: UTF8.self))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func shortAndLongWordsBypassTheCache() {
        let cache = StemCache(dropsStopWords: true)
        defer { cache.deallocate() }
        for word in ["", "x", "ab", "internationalizations", "counterrevolutionaries", "antidisestablishmentarianism"] {
            let bytes = Array(word.utf8)
            #expect(cachedStem(bytes, cache, garbage: 0xFF) == referenceStem(bytes))
            #expect(cachedStem(bytes, cache, garbage: 0x00) == referenceStem(bytes))
        }
    }

    /// The analyzer's thread-local cache across calls: a repeated text stems identically.
    @Test func repeatedCallsGiveTheSameTokens() {
        let text = "Generously hopping connections; the relational databases' normalizations and agreed feeds."
        let first = Analyzer.english.tokens(of: text)
        for _ in 0..<3 {
            #expect(Analyzer.english.tokens(of: text) == first)
            #expect(Analyzer.standard.tokens(of: text).count == first.count + 2)  // `the`, `and`
        }
        #expect(first.map(\.term).prefix(4) == ["generous", "hop", "connect", "relat"])
        #expect(first.map(\.position).prefix(4) == [0, 1, 2, 4])  // `the` keeps position 3
    }

    @Test func stopWordLookupAgreesWithTheList() {
        let listed = Set(EnglishStopWords.all.map { Array($0.description.utf8) })
        var candidates = Set(listed)
        for word in listed {
            for end in 0..<word.count { candidates.insert(Array(word[..<end])) }  // every prefix
            for letter in "abcdefghijklmnopqrstuvwxyz".utf8 { candidates.insert(word + [letter]) }
            candidates.insert(word + word)
        }
        for word in randomWords(count: 20_000, seed: 7) { candidates.insert(word) }
        var wrong: [String] = []
        for word in candidates {
            // Garbage after the word must not matter (the lookup reads 16 bytes).
            var buffer = word + [UInt8](repeating: 0xA5, count: 32)
            if EnglishStopWords.contains(&buffer, count: word.count) != listed.contains(word) {
                wrong.append(String(decoding: word, as: UTF8.self))
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test func shortStopWordsAgreeWithTheList() {
        let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let listed = Set(EnglishStopWords.all.map { $0.description }.filter { $0.utf8.count <= 2 })
        var found: Set<String> = []
        for a in letters {
            var one = [a]
            if EnglishStopWords.containsShort(&one, count: 1) { found.insert(String(decoding: one, as: UTF8.self)) }
            for b in letters {
                var two = [a, b]
                if EnglishStopWords.containsShort(&two, count: 2) { found.insert(String(decoding: two, as: UTF8.self)) }
            }
        }
        #expect(found == listed)
    }
}
