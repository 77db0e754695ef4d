/// Reads stored documents from the mapping, bounds-checking every offset and length.
///
/// An id is a slice of the uncompressed id section; the title and body of a doc cost the
/// decompression of its block (about ``StoreLayout/blockTarget`` bytes). Nothing is cached
/// but the verified pages (``PageVerifier``, thread-safe), so a reader is freely shared
/// between threads. Every byte is verified against the page checksums before it is trusted:
/// the trailer on open, block table and id table entries as they are read, a block's
/// compressed bytes before decompression and an id's bytes before it is returned.
struct StoredFieldsReader {
    private let bytes: UnsafeRawBufferPointer
    let path: String
    let pages: PageVerifier
    private let idsStart: Int
    private let idTableStart: Int
    private let blockTableStart: Int
    private let blockCount: Int
    let docCount: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String, docCount expected: Int) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        pages = try IndexFile.openPaged(bytes, kind: .storedFields, path: path)
        let end = pages.covered
        guard end >= IndexFile.headerSize + StoreLayout.trailerSize else {
            throw .corrupt("stored fields trailer missing", path: path)
        }
        try pages.verify(end - StoreLayout.trailerSize, end)
        var trailer = ByteReader(bytes, offset: end - StoreLayout.trailerSize, path: path)
        docCount = try trailer.readUInt64(atMost: end)
        blockCount = try trailer.readUInt64(atMost: end)
        idsStart = try trailer.readUInt64(atMost: end)
        idTableStart = try trailer.readUInt64(atMost: end)
        blockTableStart = try trailer.readUInt64(atMost: end)
        guard docCount == expected, IndexFile.headerSize <= idsStart, idsStart <= idTableStart,
            idTableStart + (docCount + 1) * 8 == blockTableStart,
            blockTableStart + (blockCount + 1) * StoreLayout.blockEntrySize == end - StoreLayout.trailerSize,
            blockCount <= docCount, (blockCount == 0) == (docCount == 0)
        else {
            throw .corrupt("stored fields tables do not match the segment", path: path)
        }
    }

    /// The stored fields of `doc` (its date comes from the norms).
    func document(_ doc: Int32) throws(IndexError) -> (id: String, title: String, body: String) {
        let id = try self.id(doc)
        let block = try decompressBlock(containing: doc)
        return try block.raw.withUnsafeBytes { raw in
            Result { () throws(IndexError) in
                var reader = try recordReader(raw, doc: doc, firstDoc: block.firstDoc)
                let title = try reader.readString()
                let body = try reader.readString()
                return (id, title, body)
            }
        }.get()
    }

    /// Only the id of `doc`: no decompression.
    @inline(__always)
    func id(_ doc: Int32) throws(IndexError) -> String {
        String(decoding: try idBytes(doc), as: UTF8.self)
    }

    /// The UTF-8 bytes of `doc`'s id, a slice of the mapping. Inlined with direct loads: a
    /// hit list reads one per hit, and a call that copies the reader retains its fields.
    @inline(__always)
    func idBytes(_ doc: Int32) throws(IndexError) -> UnsafeRawBufferPointer {
        guard doc >= 0, Int(doc) < docCount else { throw .corrupt("stored doc \(doc) out of range", path: path) }
        // Entries `doc` and `doc + 1` lie within the file: the table's extent was checked on open.
        let slot = idTableStart + Int(doc) * 8
        let start = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: slot, as: UInt64.self))
        let end = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: slot + 8, as: UInt64.self))
        guard start <= end, end <= UInt64(idTableStart - idsStart) else {
            throw .corrupt("stored id \(doc) is out of bounds (\(start)..<\(end))", path: path)
        }
        try pages.verify(slot, slot + 16)
        try pages.verify(idsStart + Int(start), idsStart + Int(end))
        return UnsafeRawBufferPointer(start: bytes.baseAddress! + idsStart + Int(start), count: Int(end - start))
    }

    /// The block holding `doc`: its first doc, its docs' end, and its compressed bytes'
    /// range and raw length, all checked against the file.
    func blockEntry(containing doc: Int32) throws(IndexError) -> (docs: Range<Int>, compressed: Range<Int>, rawLength: Int) {
        guard doc >= 0, Int(doc) < docCount else { throw .corrupt("stored doc \(doc) out of range", path: path) }
        // The last block whose first doc is at most `doc`.
        var low = 0, high = blockCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if try entry(middle).firstDoc <= Int(doc) { low = middle } else { high = middle - 1 }
        }
        let this = try entry(low), next = try entry(low + 1)
        guard this.firstDoc <= Int(doc), Int(doc) < next.firstDoc, next.firstDoc <= docCount,
            IndexFile.headerSize <= this.offset, this.offset <= next.offset, next.offset <= idsStart,
            this.rawLength <= LZBlock.maxExpansion(next.offset - this.offset)
        else {
            throw .corrupt("stored block \(low) does not match the block table", path: path)
        }
        return (this.firstDoc..<next.firstDoc, this.offset..<next.offset, this.rawLength)
    }

    private func entry(_ index: Int) throws(IndexError) -> (offset: Int, firstDoc: Int, rawLength: Int) {
        var reader = ByteReader(bytes, offset: blockTableStart + index * StoreLayout.blockEntrySize, path: path)
        let offset = try reader.readUInt64(atMost: bytes.count)
        let firstDoc = Int(try reader.readUInt32())
        let rawLength = Int(try reader.readUInt32())
        try pages.verify(reader.offset - StoreLayout.blockEntrySize, reader.offset)
        return (offset, firstDoc, rawLength)
    }

    /// The decompressed records of the block holding `doc`.
    func decompressBlock(containing doc: Int32) throws(IndexError) -> (firstDoc: Int, docs: Range<Int>, raw: [UInt8]) {
        let entry = try blockEntry(containing: doc)
        try pages.verify(entry.compressed.lowerBound, entry.compressed.upperBound)
        let input = UnsafeRawBufferPointer(rebasing: bytes[entry.compressed])
        var ok = false
        let raw = [UInt8](unsafeUninitializedCapacity: entry.rawLength) { output, count in
            ok = LZBlock.decompress(input, into: UnsafeMutableRawBufferPointer(output))
            count = entry.rawLength
        }
        guard ok else { throw .corrupt("stored block of doc \(doc) does not decompress", path: path) }
        return (entry.docs.lowerBound, entry.docs, raw)
    }

    /// A reader positioned at `doc`'s record in its block's raw bytes (earlier records
    /// skipped).
    func recordReader(_ raw: UnsafeRawBufferPointer, doc: Int32, firstDoc: Int) throws(IndexError) -> ByteReader {
        var reader = ByteReader(raw, path: path)
        for _ in firstDoc..<Int(doc) {
            _ = try reader.readLengthPrefixed()
            _ = try reader.readLengthPrefixed()
        }
        return reader
    }

    /// Where `blockEntry`'s compressed bytes start in the mapping (for releasing pages).
    func address(of offset: Int) -> UnsafeRawPointer? {
        guard let base = bytes.baseAddress, offset <= bytes.count else { return nil }
        return base + offset
    }
}

/// Reads a store's records in doc order, decompressing each block once (for merging).
struct StoredFieldsCursor {
    private let store: StoredFieldsReader
    private var docs: Range<Int> = 0..<0
    private var raw: [UInt8] = []
    private var recordOffset = 0
    private var nextDoc = 0

    init(_ store: StoredFieldsReader) { self.store = store }

    /// Copies `doc`'s record into `writer`; docs must come in increasing order. Returns the
    /// mapping address where `doc`'s block starts, when a new block was loaded.
    @discardableResult
    mutating func copy(_ doc: Int32, into writer: inout StoredFieldsWriter) throws(IndexError) -> UnsafeRawPointer? {
        var loaded: UnsafeRawPointer? = nil
        if !docs.contains(Int(doc)) {
            let entry = try store.blockEntry(containing: doc)
            raw = try store.decompressBlock(containing: doc).raw
            docs = entry.docs
            nextDoc = entry.docs.lowerBound
            loaded = store.address(of: entry.compressed.lowerBound)
            recordOffset = 0
        }
        precondition(Int(doc) >= nextDoc, "docs out of order")
        let id = try store.idBytes(doc)
        try raw.withUnsafeBytes { raw in
            Result { () throws(IndexError) in
            var records = ByteReader(raw, offset: recordOffset, path: store.path)
            while nextDoc < Int(doc) {
                _ = try records.readLengthPrefixed()
                _ = try records.readLengthPrefixed()
                nextDoc += 1
            }
            let start = records.offset
            _ = try records.readLengthPrefixed()
            _ = try records.readLengthPrefixed()
            writer.add(id: id, fields: UnsafeRawBufferPointer(rebasing: raw[start..<records.offset]))
            nextDoc += 1
            recordOffset = records.offset
            }
        }.get()
        return loaded
    }
}

extension StoredFieldsReader {
    /// Reads every id and decompresses every block, checking that each block holds exactly
    /// its docs' records (for `check`).
    func checkStructure() throws(IndexError) {
        for doc in 0..<Int32(docCount) { _ = try idBytes(doc) }
        var doc = 0
        while doc < docCount {
            let block = try decompressBlock(containing: Int32(doc))
            try block.raw.withUnsafeBytes { raw in
                Result { () throws(IndexError) in
                    let reader = try recordReader(raw, doc: Int32(block.docs.upperBound), firstDoc: block.firstDoc)
                    guard reader.isAtEnd else { throw .corrupt("stored block of doc \(doc) has trailing bytes", path: path) }
                }
            }.get()
            doc = block.docs.upperBound
        }
    }
}
