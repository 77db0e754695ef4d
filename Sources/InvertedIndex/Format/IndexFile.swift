/// The envelope shared by every index file: a 12-byte header (magic `SRCH`, a 4-byte file
/// kind, a little-endian format version) and a 4-byte CRC-32C footer over everything before it.
/// The large kinds (``Kind/isPaged``) also carry a page checksum table before the footer,
/// which readers verify page by page on first use (``PageVerifier``). See `FORMAT.md`.
public enum IndexFile {
    /// What a file holds; the four ASCII bytes after the magic.
    public enum Kind: String, Sendable, CaseIterable {
        case manifest = "MANI"
        case termDictionary = "TDIC"
        case postings = "POST"
        case positions = "POSN"
        case norms = "NORM"
        case storedFields = "STOR"
        case deletions = "DELS"
        case sources = "SRCS"

        /// The file-name extension of this kind.
        public var fileExtension: String {
            switch self {
            case .manifest: return "manifest"
            case .termDictionary: return "terms"
            case .postings: return "postings"
            case .positions: return "positions"
            case .norms: return "norms"
            case .storedFields: return "store"
            case .deletions: return "deletes"
            case .sources: return "sources"
            }
        }

        /// Whether files of this kind carry a page checksum table: the large ones, which are
        /// read piecewise through their mapping and whose whole-file checksum would make
        /// opening cost O(index size). The small ones are verified whole on open.
        public var isPaged: Bool {
            switch self {
            case .termDictionary, .postings, .positions, .norms, .storedFields: return true
            case .manifest, .deletions, .sources: return false
            }
        }
    }

    /// The current format version; readers refuse any other.
    public static let formatVersion: UInt32 = 7
    /// Bytes before the payload.
    public static let headerSize = 12
    /// Bytes after the payload.
    public static let footerSize = 4
    static let magic: [UInt8] = Array("SRCH".utf8)

    /// Starts a file of `kind` in `writer`.
    static func writeHeader(_ writer: inout ByteWriter, kind: Kind) {
        writer.write(bytes: magic)
        writer.write(bytes: Array(kind.rawValue.utf8))
        writer.write(formatVersion)
    }

    /// Appends the page checksum table (for a paged kind, read from the header) and the
    /// checksum footer; the file is then complete.
    static func writeFooter(_ writer: inout ByteWriter) {
        if let kind = kind(ofHeader: writer.bytes), kind.isPaged {
            var pages = PageChecksums()
            writer.bytes.withUnsafeBytes { pages.add($0) }
            writer.write(bytes: pages.finish().bytes)
        }
        let crc = CRC32C.checksum(writer.bytes)
        writer.write(crc)
    }

    /// Recomputes the checksums of a whole file in memory: the page checksum table (for a
    /// paged kind whose trailer's covered length fits the file) and the footer, so that
    /// damage gets past them. For fuzzing the structural checks that stand behind the
    /// checksums; any other bytes are left as they are.
    public static func reseal(_ bytes: inout [UInt8]) {
        guard bytes.count >= footerSize else { return }
        var end = bytes.count - footerSize
        if let kind = kind(ofHeader: bytes), kind.isPaged, end >= headerSize + PageLayout.trailerSize {
            let covered = bytes.withUnsafeBytes {
                Int(truncatingIfNeeded: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: end - PageLayout.trailerSize, as: UInt64.self)))
            }
            if covered >= headerSize, covered <= end - PageLayout.trailerSize {
                var pages = PageChecksums()
                bytes.withUnsafeBytes { pages.add(UnsafeRawBufferPointer(rebasing: $0[..<covered])) }
                bytes.replaceSubrange(covered..., with: pages.finish().bytes + [0, 0, 0, 0])
                end = bytes.count - footerSize
            }
        }
        let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[..<end])) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange(end..., with: $0) }
    }

    /// The kind named by the header at the start of `bytes`, if any.
    static func kind<C: Collection>(ofHeader bytes: C) -> Kind? where C.Element == UInt8 {
        guard bytes.count >= headerSize, bytes.prefix(4).elementsEqual(magic) else { return nil }
        return Kind(rawValue: String(decoding: bytes.dropFirst(4).prefix(4), as: UTF8.self))
    }

    /// Checks the header of a paged file of `kind` and reads its page table.
    /// - Returns: The verifier; its ``PageVerifier/covered`` is the payload's end.
    /// - Throws: ``IndexError`` `.corrupt` or `.unsupportedVersion`, naming the file.
    static func openPaged(_ bytes: UnsafeRawBufferPointer, kind: Kind, path: String) throws(IndexError) -> PageVerifier {
        precondition(kind.isPaged, "\(kind) files have no page table")
        let end = try validate(bytes, kind: kind, path: path, verifyChecksum: false)
        let pages = try PageVerifier(bytes, end: end, path: path)
        try pages.verify(0, headerSize)
        return pages
    }

    /// Checks the header of a file of `kind` and, if asked, its checksum.
    ///
    /// - Returns: The payload's end offset (where the footer starts).
    /// - Throws: ``IndexError`` `.corrupt` or `.unsupportedVersion`, naming the file.
    @discardableResult
    static func validate(
        _ bytes: UnsafeRawBufferPointer, kind: Kind, path: String, verifyChecksum: Bool
    ) throws(IndexError) -> Int {
        guard bytes.count >= headerSize + footerSize else {
            throw .corrupt("truncated: \(bytes.count) bytes is shorter than any \(kind) file", path: path)
        }
        guard bytes.prefix(4).elementsEqual(magic) else {
            throw .corrupt("not a searchctl index file (bad magic)", path: path)
        }
        guard bytes[4..<8].elementsEqual(kind.rawValue.utf8) else {
            throw .corrupt("expected a \(kind.rawValue) file, found another kind", path: path)
        }
        let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version == formatVersion else {
            throw IndexError(
                .unsupportedVersion,
                "format version \(version), this searchctl reads version \(formatVersion); rebuild the index",
                path: path)
        }
        let end = bytes.count - footerSize
        if verifyChecksum {
            let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: end, as: UInt32.self))
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<end]))
            guard stored == computed else {
                throw .corrupt(
                    "checksum mismatch (stored \(hex(stored)), computed \(hex(computed))): the file is damaged",
                    path: path)
            }
        }
        return end
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
