/// Writes a segment's term dictionary: keys (a field byte followed by the term's UTF-8) in
/// strictly increasing byte order, in prefix-compressed blocks of ``blockSize`` entries, then
/// a block index that readers binary-search straight from the mapping (nothing is loaded on
/// open, so opening costs the same for any index size).
///
/// Made with a path, it streams the entries to the file in 1 MiB writes and keeps only the
/// block keys (one per 32 terms) in memory; without, it builds the file in memory.
struct TermDictionaryWriter {
    static let blockSize = 32

    /// The unwritten tail of the file (all of it in memory mode).
    private(set) var writer = ByteWriter(capacity: 1 << 20)
    private let output: FileOutput?
    private var written = 0
    private var blockKeys = ByteWriter()
    private var blockKeyOffsets: [UInt64] = []
    private var previousKey: [UInt8] = []
    private var previousInfo = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
    private var inBlock = 0
    private(set) var termCount = 0

    /// A writer building the file in memory (``finish()`` returns it).
    init() {
        output = nil
        IndexFile.writeHeader(&writer, kind: .termDictionary)
    }

    private var flushBytes = 1 << 20

    /// A writer streaming into the file at `path` in writes of about `flushBytes` (finish
    /// with ``finishFile()``).
    init(path: String, flushBytes: Int = 1 << 20) throws(IndexError) {
        self.flushBytes = flushBytes
        output = try FileOutput(path: path)
        IndexFile.writeHeader(&writer, kind: .termDictionary)
    }

    /// Adds the next term; keys must arrive in strictly increasing order.
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, _ info: TermInfo) throws(IndexError) {
        assert(termCount == 0 || previousKey.lexicographicallyPrecedes(key), "terms out of order")
        if let output, writer.count >= flushBytes {
            try output.append(contentsOf: writer)
            written += writer.count
            writer.removeAll()
        }
        if inBlock == TermDictionaryWriter.blockSize || termCount == 0 {
            blockKeyOffsets.append(UInt64(blockKeys.count))
            blockKeys.writeLengthPrefixed(key)
            blockKeys.writeVarint(written + writer.count)
            inBlock = 0
            previousKey.removeAll(keepingCapacity: true)
            previousInfo = TermInfo(docFreq: 0, postingsOffset: 0, positionsOffset: 0)
        }
        var shared = 0
        let limit = min(previousKey.count, key.count)
        while shared < limit && previousKey[shared] == key[shared] { shared += 1 }
        writer.writeVarint(shared)
        writer.writeLengthPrefixed(key[shared...])
        writer.writeVarint(info.docFreq)
        writer.writeVarint(info.postingsOffset - previousInfo.postingsOffset)
        writer.writeVarint(info.positionsOffset - previousInfo.positionsOffset)
        previousKey.removeAll(keepingCapacity: true)
        previousKey.append(contentsOf: key)
        previousInfo = info
        inBlock += 1
        termCount += 1
    }

    /// Appends the block index and trailer and returns the complete file (memory mode).
    mutating func finish() -> [UInt8] {
        precondition(output == nil, "finish() of a streaming dictionary writer")
        appendIndex()
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    /// Appends the block index and trailer, then writes the footer and `fsync`s the file.
    mutating func finishFile() throws(IndexError) {
        guard let output else { preconditionFailure("finishFile() of an in-memory dictionary writer") }
        appendIndex()
        try output.append(contentsOf: writer)
        writer.removeAll()
        try output.finish()
    }

    private mutating func appendIndex() {
        let keysStart = written + writer.count
        writer.write(bytes: blockKeys.bytes)
        let offsetsStart = written + writer.count
        for offset in blockKeyOffsets { writer.write(offset) }
        writer.write(UInt64(termCount))
        writer.write(UInt64(blockKeyOffsets.count))
        writer.write(UInt64(keysStart))
        writer.write(UInt64(offsetsStart))
    }
}
