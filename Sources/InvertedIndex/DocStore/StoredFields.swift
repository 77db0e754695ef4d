/// The stored fields of one document, as returned with search results.
public struct StoredDocument: Sendable, Hashable {
    /// The document's id (a path or a JSON-lines id).
    public var id: String
    /// The title.
    public var title: String
    /// The date, if any.
    public var date: DocumentDate?
    /// The body text (for snippets).
    public var body: String
}

/// Writes the document store: one record per document (`id`, `title`, `body` as
/// length-prefixed UTF-8), then a table of record offsets and a trailer.
struct StoredFieldsWriter {
    private(set) var writer = ByteWriter(capacity: 1 << 20)
    private var offsets: [UInt64] = []

    /// A writer whose buffer has room for `reserving` bytes before it grows (a large
    /// reservation is mapped lazily: pages cost memory once written).
    init(reserving: Int = 1 << 20) {
        writer = ByteWriter(capacity: reserving)
        IndexFile.writeHeader(&writer, kind: .storedFields)
    }

    var byteCount: Int { writer.count }

    /// Bytes allocated (for memory budgets).
    var capacity: Int { writer.bytes.capacity + offsets.capacity * 8 }

    mutating func add(_ document: Document) {
        offsets.append(UInt64(writer.count))
        writer.writeString(document.id)
        writer.writeString(document.title)
        writer.writeString(document.body)
    }

    mutating func finish() -> [UInt8] {
        offsets.append(UInt64(writer.count))
        let tableStart = writer.count
        for offset in offsets { writer.write(offset) }
        writer.write(UInt64(offsets.count - 1))
        writer.write(UInt64(tableStart))
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }
}

/// Reads stored documents from the mapping, bounds-checking every record.
struct StoredFieldsReader {
    private let bytes: UnsafeRawBufferPointer
    private let path: String
    private let tableStart: Int
    let docCount: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String, docCount expected: Int) throws(IndexError) {
        self.bytes = bytes
        self.path = path
        let end = try IndexFile.validate(bytes, kind: .storedFields, path: path, verifyChecksum: false)
        guard end >= IndexFile.headerSize + 16 else { throw .corrupt("stored fields trailer missing", path: path) }
        var trailer = ByteReader(bytes, offset: end - 16, path: path)
        docCount = try trailer.readUInt64(atMost: end)
        tableStart = try trailer.readUInt64(atMost: end)
        guard docCount == expected, tableStart + (docCount + 1) * 8 == end - 16 else {
            throw .corrupt("stored fields table does not match the segment", path: path)
        }
    }

    /// The stored fields of `doc` (its date comes from the norms).
    func document(_ doc: Int32) throws(IndexError) -> (id: String, title: String, body: String) {
        var table = ByteReader(bytes, offset: tableStart + Int(doc) * 8, path: path)
        let start = try table.readUInt64(atMost: tableStart)
        let end = try table.readUInt64(atMost: tableStart)
        guard start <= end else { throw .corrupt("stored record \(doc) has a negative length", path: path) }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: start, path: path)
        let id = try reader.readString()
        let title = try reader.readString()
        let body = try reader.readString()
        return (id, title, body)
    }

    /// The bytes of `doc`'s record (`string id, string title, string body`), for merging.
    func record(_ doc: Int32) throws(IndexError) -> UnsafeRawBufferPointer {
        var table = ByteReader(bytes, offset: tableStart + Int(doc) * 8, path: path)
        let start = try table.readUInt64(atMost: tableStart)
        let end = try table.readUInt64(atMost: tableStart)
        guard start <= end else { throw .corrupt("stored record \(doc) has a negative length", path: path) }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Only the id of `doc` (cheaper: stops after the first field).
    func id(_ doc: Int32) throws(IndexError) -> String {
        var table = ByteReader(bytes, offset: tableStart + Int(doc) * 8, path: path)
        let start = try table.readUInt64(atMost: tableStart)
        let end = try table.readUInt64(atMost: tableStart)
        guard start <= end else { throw .corrupt("stored record \(doc) has a negative length", path: path) }
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: start, path: path)
        return try reader.readString()
    }
}
