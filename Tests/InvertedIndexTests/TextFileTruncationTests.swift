import TestSupport
import Foundation
import Testing

@testable import InvertedIndex

/// Text files over the reader's limit: indexed by their first bytes, cut between words (or at
/// a UTF-8 boundary), hashed whole; checked on random texts against a direct reading of the rule.
@Suite("Text files over the limit")
struct TextFileTruncationTests {
    private func cut(_ bytes: [UInt8], _ limit: Int) -> Int {
        bytes.withUnsafeBufferPointer { TextDocumentParser.cut($0, before: limit) }
    }

    @Test("the cut never splits a word or a UTF-8 sequence, and keeps as much as the rule allows")
    func cutRule() {
        var rng = SeededGenerator(seed: 11)
        let pieces = ["a", "bé", "ζ", "日本", "🎈", " ", " ", "\n", "\t"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 1...60, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            let limit = Int.random(in: 0...bytes.count + 2, using: &rng)
            let k = cut(bytes, limit)
            if limit >= bytes.count {
                #expect(k == bytes.count)
                continue
            }
            #expect(k <= limit, "\(text) \(limit)")
            if limit == 0 {
                #expect(k == 0)
                continue
            }
            // A UTF-8 boundary always.
            #expect(k == bytes.count || bytes[k] & 0xC0 != 0x80, "\(text) \(limit) → \(k)")
            func space(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
            let hasSpace = space(bytes[limit]) || bytes[0..<limit].contains(where: space)
            if hasSpace {
                // Between words: the kept part ends at whitespace or is followed by it, and no
                // later whitespace before the limit was passed over.
                #expect(space(bytes[k - 1]) || space(bytes[k]), "\(text) \(limit) → \(k)")
                if !space(bytes[limit]) { #expect(!bytes[k..<limit].contains(where: space), "\(text) \(limit) → \(k)") }
            } else {
                #expect(limit - k <= 3, "\(text) \(limit) → \(k)")
            }
        }
        // UTF-16 with a byte-order mark: an even count.
        #expect(cut([0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00], 5) == 4)
    }

    @Test("a file over the limit: its first words are the document, the rest is hashed, memory stays bounded")
    func truncatedFile() throws {
        let directory = try TemporaryDirectory()
        let words = (0..<5000).map { "w\($0)" }
        let text = "Title line\n" + words.joined(separator: " ") + "\n"
        let path = try directory.write("big.txt", text)
        var reader = TextFileReader(maxFileBytes: 1000)
        guard case .truncated(let document, let repaired, let fileBytes, let indexedBytes) = reader.read(path: path) else {
            Issue.record("not truncated")
            return
        }
        #expect(!repaired && fileBytes == text.utf8.count && indexedBytes <= 1000 && indexedBytes > 990)
        #expect(document.title == "Title line")
        let kept = document.body.split(separator: " ").map(String.init)
        #expect(kept == Array(words.prefix(kept.count)), "whole words, in order")
        #expect(reader.lastSource?.hash == ContentHasher.hash(Array(text.utf8)))
        #expect(reader.bytesRead == text.utf8.count)
        // At the limit exactly: a whole document.
        var exact = TextFileReader(maxFileBytes: text.utf8.count)
        guard case .document(let whole, _) = exact.read(path: path) else {
            Issue.record("not whole")
            return
        }
        #expect(whole.body.hasSuffix("w4999"))
        // A file larger than the hashing piece, past the limit: the hash covers all of it.
        let large = String(repeating: "alpha beta ", count: (TextFileReader.hashChunkBytes * 3) / 11)
        let largePath = try directory.write("large.txt", large)
        var small = TextFileReader(maxFileBytes: 100)
        guard case .truncated(let doc, _, _, _) = small.read(path: largePath) else {
            Issue.record("not truncated")
            return
        }
        #expect(doc.body.hasSuffix("beta") || doc.body.hasSuffix("alpha"))
        #expect(small.lastSource?.hash == ContentHasher.hash(Array(large.utf8)))
    }
}
