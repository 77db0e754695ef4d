/// Writes per-document columns: each scored field's length in tokens (exact, `UInt32`) and
/// the document date (days since 1970, `Int32.min` for none).
enum NormsWriter {
    static func serialize(lengths: [[UInt32]], dates: [Int32]) -> [UInt8] {
        var writer = ByteWriter(capacity: 16 + dates.count * 4 * (lengths.count + 1))
        IndexFile.writeHeader(&writer, kind: .norms)
        writer.write(UInt32(dates.count))
        writer.write(UInt32(lengths.count))
        for column in lengths {
            for length in column { writer.write(length) }
        }
        for date in dates { writer.write(UInt32(bitPattern: date)) }
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }
}

/// Reads a norms file; all offsets are validated once on open.
///
/// Reads cannot throw (scorers read a length per candidate), so each read tests its page's
/// verified bit and, on a page whose checksum does not match, records the damage; searches
/// call ``throwIfDamaged()`` after reading a segment, so the damage is an error, never a
/// silently wrong score.
struct NormsReader {
    static let noDate = Int32.min
    private let bytes: UnsafeRawBufferPointer
    let pages: PageVerifier
    let docCount: Int
    private let fieldCount: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String, docCount expected: Int) throws(IndexError) {
        self.bytes = bytes
        // No whole-file checksum on open (it would cost O(documents)): pages are verified as
        // reads reach them.
        pages = try IndexFile.openPaged(bytes, kind: .norms, path: path)
        let end = pages.covered
        try pages.verify(IndexFile.headerSize, IndexFile.headerSize + 8)
        var reader = ByteReader(bytes, offset: IndexFile.headerSize, path: path)
        docCount = Int(try reader.readUInt32())
        fieldCount = Int(try reader.readUInt32())
        guard docCount == expected, fieldCount == Field.scored.count,
            IndexFile.headerSize + 8 + docCount * 4 * (fieldCount + 1) == end
        else { throw .corrupt("norms file does not match the segment (\(docCount) docs)", path: path) }
    }

    /// The length in tokens of `field` in `doc`.
    @inline(__always)
    func length(_ field: Field, _ doc: Int32) -> UInt32 {
        let offset = IndexFile.headerSize + 8 + (Int(field.rawValue) * docCount + Int(doc)) * 4
        _ = pages.check(at: offset)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// `field`'s lengths for documents `first...last` (valid doc ids, `first` ≤ `last`), read
    /// without a check per document: the pages holding them are checked once, as
    /// ``length(_:_:)`` checks one (damage recorded for ``throwIfDamaged()``). For loops over
    /// a decoded postings block.
    @inline(__always)
    func lengths(_ field: Field, from first: Int32, through last: Int32) -> FieldLengths {
        let column = IndexFile.headerSize + 8 + Int(field.rawValue) * docCount * 4
        pages.check(column + Int(first) * 4, column + Int(last) * 4 + 4)
        return FieldLengths(column: bytes.baseAddress! + column)
    }

    /// The date of `doc`, or `nil`.
    func date(_ doc: Int32) -> DocumentDate? {
        let offset = IndexFile.headerSize + 8 + (fieldCount * docCount + Int(doc)) * 4
        _ = pages.check(at: offset)
        let value = Int32(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        return value == NormsReader.noDate ? nil : DocumentDate(daysSinceEpoch: value)
    }

    /// Throws when a read found a damaged page (see the type's documentation).
    func throwIfDamaged() throws(IndexError) { try pages.throwIfDamaged() }
}

/// One field's length column, its pages checked for a range of documents by
/// ``NormsReader/lengths(_:from:through:)``; read only inside that range.
struct FieldLengths {
    let column: UnsafeRawPointer

    /// The length of `doc`'s field.
    @inline(__always)
    subscript(doc: Int32) -> UInt32 {
        UInt32(littleEndian: column.loadUnaligned(fromByteOffset: Int(doc) &* 4, as: UInt32.self))
    }
}
