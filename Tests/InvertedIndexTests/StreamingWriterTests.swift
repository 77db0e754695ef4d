import TestSupport
import Testing

@testable import InvertedIndex

/// The streaming writers (files written in 1 MiB pieces, so memory stays bounded; 4 KiB here,
/// for many flushes) must write exactly the bytes of their in-memory form.
@Suite("Streaming writers equal their in-memory form")
struct StreamingWriterTests {
    @Test("postings and positions: streamed files are byte-identical, also via addPositions")
    func postings() throws {
        let directory = try TemporaryDirectory()
        var rng = SeededGenerator(seed: 42)
        let docCount = 3000
        let lengths = (0..<docCount).map { _ in UInt32.random(in: 1...900, using: &rng) }
        var memory = PostingsWriter()
        var streaming = try PostingsWriter(
            postingsPath: directory.path + "/p", positionsPath: directory.path + "/q", flushBytes: 4096)
        // Enough terms for many 4 KiB flushes of each file.
        for term in 0..<400 {
            let count = [1, 127, 128, 129, 2999][term % 5]
            let docs = Array((0..<Int32(docCount)).shuffled(using: &rng).prefix(count)).sorted()
            let freqs = docs.map { _ in Int32.random(in: 1...12, using: &rng) }
            var positions: [Int32] = []
            for freq in freqs {
                var position = Int32.random(in: 0...5000, using: &rng)
                for _ in 0..<freq {
                    positions.append(position)
                    position += Int32.random(in: 1...300, using: &rng)
                }
            }
            let expected = try memory.append(docs: docs, freqs: freqs, positions: positions, fieldLengths: lengths)
            // The streaming writer gets each document's positions separately.
            var cursor = 0
            for freq in freqs {
                try positions[cursor..<cursor + Int(freq)].withUnsafeBufferPointer { p in
                    Result { () throws(IndexError) in try streaming.addPositions(p) }
                }.get()
                cursor += Int(freq)
            }
            let got = try streaming.finishTerm(docs: docs, freqs: freqs, fieldLengths: lengths)
            #expect(got.postings == expected.postings && got.positions == expected.positions, "term \(term)")
        }
        let (postingsFile, positionsFile) = memory.finish()
        try streaming.finishFiles()
        #expect(postingsFile.count > 64 << 10 && positionsFile.count > 64 << 10)
        #expect(try directory.read("p") == postingsFile)
        #expect(try directory.read("q") == positionsFile)
    }

    @Test("term dictionary: the streamed file is byte-identical")
    func dictionary() throws {
        let directory = try TemporaryDirectory()
        var memory = TermDictionaryWriter()
        var streaming = try TermDictionaryWriter(path: directory.path + "/t", flushBytes: 4096)
        var postings = 12
        for n in 0..<20_000 {
            let key: [UInt8] = [0] + Array("term\(100_000_000 + n * 7)".utf8)
            let info = TermInfo(docFreq: n % 97 + 1, postingsOffset: postings, positionsOffset: postings * 3)
            postings += n % 13 + 1
            try key.withUnsafeBufferPointer { k in
                Result { () throws(IndexError) in
                    try memory.add(k, info)
                    try streaming.add(k, info)
                }
            }.get()
        }
        let file = memory.finish()
        try streaming.finishFile()
        #expect(file.count > 64 << 10)
        #expect(try directory.read("t") == file)
    }
}
