import TestSupport
import Testing

@testable import InvertedIndex

/// The seeking fuzzy walk against a brute-force scan of every key, on raw term dictionaries
/// (no analyzer in the way): multibyte scalars at UTF-8 length boundaries and next to 0xFF
/// bytes, field bytes 0 and 0xFF with neighbouring fields, many shared prefixes.
@Suite("Fuzzy walk")
struct FuzzyWalkTests {
    /// Scalars whose UTF-8 ends in 0xBF/0x80 or starts a new length, and 0xFF-adjacent values.
    static let scalars: [Unicode.Scalar] = [
        "a", "b", "c", "d", "\u{7F}", "\u{80}", "\u{E9}", "\u{FF}", "\u{100}", "\u{7FF}", "\u{800}",
        "\u{FFFD}", "\u{FFFF}", "\u{10000}", "\u{1F600}", "\u{10FFFF}",
    ]

    func randomWord(_ alphabet: [Unicode.Scalar], _ lengths: ClosedRange<Int>, _ rng: inout SeededGenerator) -> String {
        var word = ""
        for _ in 0..<Int.random(in: lengths, using: &rng) { word.unicodeScalars.append(alphabet.randomElement(using: &rng)!) }
        return word
    }

    /// `word` with up to `edits` random insertions, deletions, substitutions or transpositions.
    func mutate(_ word: String, _ edits: Int, _ alphabet: [Unicode.Scalar], _ rng: inout SeededGenerator) -> String {
        var s = Array(word.unicodeScalars)
        for _ in 0..<edits {
            let i = Int.random(in: 0...s.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: s.insert(alphabet.randomElement(using: &rng)!, at: i)
            case 1 where i < s.count && s.count > 1: s.remove(at: i)
            case 2 where i < s.count: s[i] = alphabet.randomElement(using: &rng)!
            case 3 where i + 1 < s.count: s.swapAt(i, i + 1)
            default: break
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: s)
        return result
    }

    /// A dictionary file of `keys` (sorted here).
    func dictionary(_ keys: Set<[UInt8]>) throws -> [UInt8] {
        var writer = TermDictionaryWriter()
        for (n, key) in keys.sorted(by: { $0.lexicographicallyPrecedes($1) }).enumerated() {
            let info = TermInfo(docFreq: n + 1, postingsOffset: 12 + n, positionsOffset: 12 + n)
            try key.withUnsafeBufferPointer { k in Result { () throws(IndexError) in try writer.add(k, info) } }.get()
        }
        return writer.finish()
    }

    func withReader<R>(_ file: [UInt8], _ body: (TermDictionaryReader) throws -> R) throws -> R {
        try file.withUnsafeBytes { bytes in try body(try TermDictionaryReader(bytes, path: "t")) }
    }

    @Test("the walk finds exactly the keys a scan of every key finds, with their distances", arguments: 0..<24)
    func matchesScan(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed) &+ 1000)
        // A few scalars per dictionary, so that terms share prefixes and come near the words.
        let alphabet = Array(Self.scalars.shuffled(using: &rng).prefix(Int.random(in: 2...6, using: &rng)))
        let field = [UInt8(0), 1, 0xFE, 0xFF][seed % 4]
        var words: [String] = []
        for _ in 0..<Int.random(in: 1...400, using: &rng) {
            if !words.isEmpty && Bool.random(using: &rng) {
                words.append(mutate(words.randomElement(using: &rng)!, Int.random(in: 1...3, using: &rng), alphabet, &rng))
            } else {
                words.append(randomWord(alphabet, 1...7, &rng))
            }
        }
        var keys = Set(words.map { [field] + Array($0.utf8) })
        // Neighbouring fields, before and after (their terms must not be matched).
        for other in [Int(field) - 1, Int(field) + 1] where (0...255).contains(other) {
            for word in words.prefix(30) { keys.insert([UInt8(other)] + Array(word.utf8)) }
        }
        let file = try dictionary(keys)
        let terms = Set(words)
        try withReader(file) { reader in
            for _ in 0..<12 {
                let word =
                    Bool.random(using: &rng)
                    ? mutate(terms.randomElement(using: &rng)!, Int.random(in: 0...2, using: &rng), alphabet, &rng)
                    : randomWord(alphabet + ["z"], 1...6, &rng)
                guard !word.isEmpty else { continue }
                for edits in 0...3 {
                    var walk = FuzzyWalk(word, maxEdits: edits)
                    var got: [(String, Int, Int)] = []
                    try walk.run(reader, field: field) { key, info, distance, length in
                        got.append((String(decoding: key.dropFirst(), as: UTF8.self), distance, length))
                    }
                    let want = terms.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.compactMap {
                        term -> (String, Int, Int)? in
                        let d = ReferenceIndex.editDistance(term, word)
                        return d <= edits ? (term, d, term.unicodeScalars.count) : nil
                    }
                    #expect(got.map(\.0) == want.map(\.0), "\(word.unicodeScalars.map(\.value))~\(edits)")
                    #expect(got.map(\.1) == want.map(\.1), "\(word.unicodeScalars.map(\.value))~\(edits)")
                    #expect(got.map(\.2) == want.map(\.2), "\(word.unicodeScalars.map(\.value))~\(edits)")
                }
            }
        }
    }

    @Test("one walk over several dictionaries (an expansion's segments) matches each")
    func reusedAcrossDictionaries() throws {
        var rng = SeededGenerator(seed: 99)
        let alphabet: [Unicode.Scalar] = ["a", "b", "\u{E9}", "\u{10000}"]
        let sets = (0..<3).map { _ in Set((0..<300).map { _ in randomWord(alphabet, 1...6, &rng) }) }
        let files = try sets.map { try dictionary(Set($0.map { [0] + Array($0.utf8) })) }
        for word in ["ab", "b\u{E9}a", "\u{10000}ab\u{E9}"] {
            var walk = FuzzyWalk(word, maxEdits: 2)
            for (file, terms) in zip(files, sets) {
                var got: Set<String> = []
                try withReader(file) { reader in
                    try walk.run(reader, field: 0) { key, _, _, _ in got.insert(String(decoding: key.dropFirst(), as: UTF8.self)) }
                }
                #expect(got == terms.filter { ReferenceIndex.editDistance($0, word) <= 2 }, "\(word)")
            }
        }
    }

    @Test("the walk decodes the terms near the word, not the dictionary")
    func seeksPastDeadPrefixes() throws {
        var rng = SeededGenerator(seed: 5)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz".unicodeScalars)
        let terms = Set((0..<20_000).map { _ in randomWord(alphabet, 3...10, &rng) })
        let file = try dictionary(Set(terms.map { [0] + Array($0.utf8) }))
        try withReader(file) { reader in
            for (word, edits) in [("transfusion", 2), ("teigan", 1), ("algorithm", 2)] {
                var walk = FuzzyWalk(word, maxEdits: edits)
                var matches = 0
                try walk.run(reader, field: 0) { _, _, _, _ in matches += 1 }
                #expect(matches == terms.filter { ReferenceIndex.editDistance($0, word) <= edits }.count)
                // A scan decodes all 20,000; the walk a few per live prefix (with 2 edits, every
                // two-letter prefix is live: about a quarter of these random terms).
                #expect(walk.visited < terms.count / (edits == 1 ? 40 : 3), "\(word)~\(edits) visited \(walk.visited)")
            }
        }
    }

    @Test("decoding gives the scalars and where each starts; ill-formed bytes become U+FFFD as String(decoding:)")
    func decoding() {
        let cases: [[UInt8]] = [
            [0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF], [0x61, 0x80, 0x62], [0xE0, 0x80, 0x61],
            [0xF4, 0x90, 0x80, 0x80], [0xC3], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF, 0xFF, 0xFE],
        ]
        for bytes in cases {
            var scalars: [Unicode.Scalar] = []
            var offsets: [Int] = []
            let key: [UInt8] = [0xFF] + bytes
            let wellFormed = key.withUnsafeBytes { FuzzyWalk.decode($0, from: 1, into: &scalars, offsets: &offsets) }
            #expect(scalars == Array(String(decoding: bytes, as: UTF8.self).unicodeScalars), "\(bytes)")
            #expect(wellFormed == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            #expect(offsets.first == 1 && offsets.last == key.count && offsets.count == scalars.count + 1, "\(bytes)")
            #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 < $1 }, "\(bytes)")
        }
    }
}
