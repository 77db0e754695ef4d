/// A segment's deleted documents (a bitset) and the statistics they took with them, so that
/// index-wide BM25 statistics (document frequencies, average lengths) count live documents
/// only and an updated index scores exactly like a freshly built one.
///
/// The statistics are computed when documents are deleted, by re-analyzing their stored text.
struct Deletions: Sendable {
    /// One bit per document; set = deleted.
    var bits: [UInt64]
    /// Tokens removed per scored field.
    var lengths: [UInt64]
    /// How many deleted documents contained each term key.
    var docFreqs: [[UInt8]: Int]

    init(docCount: Int) {
        bits = [UInt64](repeating: 0, count: (docCount + 63) / 64)
        lengths = Field.scored.map { _ in 0 }
        docFreqs = [:]
    }

    /// Whether `doc` is deleted.
    @inline(__always)
    func contains(_ doc: Int32) -> Bool {
        bits[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0
    }

    /// The number of deleted documents.
    var count: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }

    mutating func insert(_ doc: Int32) {
        bits[Int(doc) >> 6] |= 1 << UInt64(doc & 63)
    }

    func serialize(docCount: Int) -> [UInt8] {
        var writer = ByteWriter()
        IndexFile.writeHeader(&writer, kind: .deletions)
        writer.write(UInt32(docCount))
        for word in bits { writer.write(word) }
        for length in lengths { writer.write(length) }
        writer.write(UInt32(docFreqs.count))
        for (key, count) in docFreqs.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            writer.writeLengthPrefixed(key)
            writer.writeVarint(count)
        }
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    init(_ bytes: UnsafeRawBufferPointer, path: String, docCount: Int) throws(IndexError) {
        let end = try IndexFile.validate(bytes, kind: .deletions, path: path, verifyChecksum: true)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: IndexFile.headerSize, path: path)
        guard Int(try reader.readUInt32()) == docCount else {
            throw .corrupt("deletions file does not match the segment's document count", path: path)
        }
        self.init(docCount: docCount)
        for i in bits.indices { bits[i] = try reader.readUInt64() }
        for i in lengths.indices { lengths[i] = try reader.readUInt64() }
        let entries = Int(try reader.readUInt32())
        guard entries <= reader.remaining else { throw .corrupt("deletions statistics out of bounds", path: path) }
        for _ in 0..<entries {
            let key = Array(try reader.readLengthPrefixed())
            docFreqs[key] = try reader.readVarint(atMost: docCount)
        }
    }
}
