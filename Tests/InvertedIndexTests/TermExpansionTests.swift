import TestSupport
import Testing

@testable import InvertedIndex

/// Fuzzy and prefix expansion over dictionaries large enough for the fuzzy walk to skip
/// (seek past) prefixes, against a scan of every term with the textbook edit distance.
@Suite("Term expansion")
struct TermExpansionTests {
    @Test("fuzzy and prefix expansions equal a brute-force scan of the terms")
    func expansionsMatchScan() throws {
        var rng = SeededGenerator(seed: 7)
        let directory = try TemporaryDirectory()
        var vocabulary: Set<String> = []
        for batch in 0..<2 {
            let writer = try IndexWriter(directory: directory.path, analyzer: .simple)
            for n in 0..<150 {
                let words = (0..<20).map { _ in
                    String((0..<Int.random(in: 2...7, using: &rng)).map { _ in "abcdex".randomElement(using: &rng)! })
                }
                vocabulary.formUnion(words)
                try writer.add(Document(id: "d\(batch)-\(n)", body: words.joined(separator: " ")))
            }
            try writer.commit()
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segmentInfos.count == 2)
        for _ in 0..<15 {
            let word = String((0..<Int.random(in: 1...6, using: &rng)).map { _ in "abcdex".randomElement(using: &rng)! })
            for edits in 0...2 {
                let expanded = try reader.expandFuzzy(word, field: .text, maxEdits: edits, limit: 100_000)
                let got = Set(expanded.map { String(decoding: $0.key.dropFirst(), as: UTF8.self) })
                let want = vocabulary.filter { ReferenceIndex.editDistance($0, word) <= edits }
                #expect(got == want, "\(word)~\(edits)")
            }
            let prefixed = try reader.expandPrefix([Field.text.rawValue] + Array(word.utf8), limit: 100_000)
            #expect(Set(prefixed.map { String(decoding: $0.key.dropFirst(), as: UTF8.self) }) == vocabulary.filter { $0.hasPrefix(word) })
        }
        // The bound keeps the closest, then the most frequent.
        let bounded = try reader.expandFuzzy("abc", field: .text, maxEdits: 2, limit: 5)
        #expect(bounded.count == 5)
    }
}
