/// Writes the document store: the `title` and `body` of documents packed into blocks of
/// about ``StoreLayout/blockTarget`` bytes, each compressed with ``LZBlock``; the ids
/// uncompressed in a section of their own (the hot query path reads only ids); then the id
/// offsets, the block table and a trailer. See `FORMAT.md`.
///
/// Either ``finish()`` returns the whole file, or a merge streams it: ``drain(to:)`` as it
/// goes and ``finish(streamingTo:)`` at the end.
struct StoredFieldsWriter {
    /// The file's bytes not yet drained.
    private(set) var writer: ByteWriter
    /// Bytes already drained to a file.
    private var drained = 0
    /// The raw records (`string title, string body`) of the open block.
    private var block = ByteWriter(capacity: StoreLayout.blockTarget * 2)
    private var blockFirstDoc = 0
    private var ids = ByteWriter()
    private var idOffsets: [UInt64] = [0]
    private var blockTable = ByteWriter()
    private var blockCount = 0
    private var scratch: [UInt8] = []
    private var table = [Int32](repeating: -1, count: LZBlock.tableSize)
    /// Where the next block's positions start in `table` (see ``LZBlock/compress(_:into:table:base:)``).
    private var tableBase = 0
    private(set) var docCount = 0

    /// A writer whose buffer has room for `reserving` bytes before it grows (a large
    /// reservation is mapped lazily: pages cost memory once written).
    init(reserving: Int = 1 << 20) {
        writer = ByteWriter(capacity: reserving)
        IndexFile.writeHeader(&writer, kind: .storedFields)
    }

    /// Bytes held (compressed blocks, the open block and the ids).
    var byteCount: Int { writer.count + block.count + ids.count + idOffsets.count * 8 }

    /// Bytes allocated (for memory budgets).
    var capacity: Int {
        writer.bytes.capacity + block.bytes.capacity + ids.bytes.capacity + idOffsets.capacity * 8
            + scratch.capacity + table.capacity * 4 + blockTable.bytes.capacity
    }

    /// Adds `document`'s fields as the next doc.
    mutating func add(_ document: Document) {
        var id = document.id, title = document.title, body = document.body
        id.withUTF8 { id in
            title.withUTF8 { title in
                body.withUTF8 { body in
                    block.writeLengthPrefixed(title)
                    block.writeLengthPrefixed(body)
                    ids.write(bytes: id)
                }
            }
        }
        finishRecord()
    }

    /// Adds a document of an id-only store: its id, and an empty title and body.
    mutating func add(id: String) {
        var id = id
        id.withUTF8 { ids.write(bytes: $0) }
        block.write(UInt8(0))
        block.write(UInt8(0))
        finishRecord()
    }

    /// Adds a record copied from another store: `id`'s UTF-8 and the `string title, string
    /// body` bytes.
    mutating func add(id: UnsafeRawBufferPointer, fields: UnsafeRawBufferPointer) {
        ids.write(bytes: id)
        block.write(bytes: fields)
        finishRecord()
    }

    private mutating func finishRecord() {
        idOffsets.append(UInt64(ids.count))
        docCount += 1
        if block.count >= StoreLayout.blockTarget { compressBlock() }
    }

    /// Compresses the open block (if it holds any doc) onto the file.
    private mutating func compressBlock() {
        guard docCount > blockFirstDoc else { return }
        precondition(block.count <= Int(UInt32.max), "a stored record of 4 GiB or more")
        blockTable.write(UInt64(drained + writer.count))
        blockTable.write(UInt32(blockFirstDoc))
        blockTable.write(UInt32(block.count))
        blockCount += 1
        let bound = LZBlock.maxCompressedSize(block.count)
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        if tableBase + block.count > Int(Int32.max) {
            table.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
            tableBase = 0
        }
        let base = tableBase
        let size = block.bytes.withUnsafeBytes { input in
            scratch.withUnsafeMutableBytes { output in
                table.withUnsafeMutableBufferPointer { LZBlock.compress(input, into: output, table: $0, base: base) }
            }
        }
        tableBase += block.count
        writer.write(bytes: scratch[..<size])
        block.removeAll()
        blockFirstDoc = docCount
    }

    /// Writes the compressed bytes so far to `file` (whose buffer must be empty).
    mutating func drain(to file: FileOutput) throws(IndexError) {
        try file.append(contentsOf: writer)
        drained += writer.count
        writer.removeAll()
    }

    /// Closes the last block and appends the ids, the tables and the trailer.
    private mutating func writeTail() {
        compressBlock()
        precondition(docCount <= Int(UInt32.max))
        let idsStart = drained + writer.count
        writer.write(bytes: ids.bytes)
        let idTableStart = drained + writer.count
        for offset in idOffsets { writer.write(offset) }
        let blockTableStart = drained + writer.count
        writer.write(bytes: blockTable.bytes)
        writer.write(UInt64(idsStart))
        writer.write(UInt32(docCount))
        writer.write(UInt32(0))
        writer.write(UInt64(docCount))
        writer.write(UInt64(blockCount))
        writer.write(UInt64(idsStart))
        writer.write(UInt64(idTableStart))
        writer.write(UInt64(blockTableStart))
    }

    /// The complete file (for a writer never drained).
    mutating func finish() -> [UInt8] {
        precondition(drained == 0, "finish() after drain(to:)")
        writeTail()
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    /// Writes the rest of the file to `file`, its footer included, and `fsync`s it.
    mutating func finish(streamingTo file: FileOutput) throws(IndexError) {
        writeTail()
        try drain(to: file)
        try file.finish()
    }
}
