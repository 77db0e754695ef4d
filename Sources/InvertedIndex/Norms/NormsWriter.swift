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
struct NormsReader {
    static let noDate = Int32.min
    private let bytes: UnsafeRawBufferPointer
    let docCount: Int
    private let fieldCount: Int

    init(_ bytes: UnsafeRawBufferPointer, path: String, docCount expected: Int) throws(IndexError) {
        self.bytes = bytes
        // No checksum on open (it would cost O(documents)): any stored value is a valid length
        // or date, so damage gives wrong scores until `check` reports it, never a wild read.
        let end = try IndexFile.validate(bytes, kind: .norms, path: path, verifyChecksum: false)
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
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The date of `doc`, or `nil`.
    func date(_ doc: Int32) -> DocumentDate? {
        let offset = IndexFile.headerSize + 8 + (fieldCount * docCount + Int(doc)) * 4
        let value = Int32(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        return value == NormsReader.noDate ? nil : DocumentDate(daysSinceEpoch: value)
    }
}
