/// The source files behind a commit: for each file `searchctl index` read, its
/// ``SourceStamp``, content hash and the ids of its documents (see ``SourceEntry``).
///
/// It lets a re-run skip files whose stamp is unchanged without reading them, and delete the
/// documents of JSON-lines files that vanished or lost lines. Written by ``IndexWriter/commit()``
/// as `sources-<generation>` (fsynced before the manifest that names it), so it is always the
/// table of exactly that commit; merges and `optimize` carry it over unchanged. See `FORMAT.md`.
public struct SourceTable: Sendable, Equatable {
    /// The entries by path (absolute, standardized).
    public var entries: [String: SourceEntry]

    static let prefix = "sources-"

    /// An empty table, or one with these entries.
    public init(entries: [String: SourceEntry] = [:]) {
        self.entries = entries
    }

    /// The file name of the table written by the commit of `generation`.
    static func fileName(_ generation: UInt64) -> String { prefix + String(generation) }

    /// The paths in the order they are stored: ascending by their UTF-8 bytes.
    var sortedPaths: [String] { entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    func serialize() -> [UInt8] {
        var writer = ByteWriter()
        IndexFile.writeHeader(&writer, kind: .sources)
        writer.write(UInt32(entries.count))
        for path in sortedPaths {
            let entry = entries[path]!
            writer.writeString(path)
            writer.write(entry.stamp.size)
            writer.write(UInt64(bitPattern: entry.stamp.modified))
            writer.write(UInt64(bitPattern: entry.stamp.changed))
            writer.write(entry.hash)
            writer.write(UInt64(bitPattern: entry.readAt))
            writer.writeVarint(entry.ids.count)
            for id in entry.ids { writer.writeString(id) }
        }
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    /// Parses and validates a table file: checksum, bounds, paths strictly ascending.
    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        let end = try IndexFile.validate(bytes, kind: .sources, path: path, verifyChecksum: true)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: IndexFile.headerSize, path: path)
        let count = Int(try reader.readUInt32())
        // An entry takes at least 1 + 5 × 8 + 1 bytes.
        guard count <= reader.remaining / 42 else { throw .corrupt("source count \(count) out of bounds", path: path) }
        entries = Dictionary(minimumCapacity: count)
        var previous: UnsafeRawBufferPointer?
        for _ in 0..<count {
            let name = try reader.readLengthPrefixed()
            if let previous, !previous.lexicographicallyPrecedes(name) {
                throw .corrupt("source paths out of order at offset \(reader.offset)", path: path)
            }
            previous = name
            let stamp = SourceStamp(
                size: try reader.readUInt64(), modified: Int64(bitPattern: try reader.readUInt64()),
                changed: Int64(bitPattern: try reader.readUInt64()))
            let hash = try reader.readUInt64()
            let readAt = Int64(bitPattern: try reader.readUInt64())
            let idCount = try reader.readVarint(atMost: reader.remaining)
            var ids: [String] = []
            ids.reserveCapacity(idCount)
            for _ in 0..<idCount { ids.append(try reader.readString()) }
            entries[String(decoding: name, as: UTF8.self)] = SourceEntry(stamp: stamp, hash: hash, readAt: readAt, ids: ids)
        }
        guard reader.isAtEnd else { throw .corrupt("trailing bytes after the source list", path: path) }
        guard entries.count == count else { throw .corrupt("duplicate source paths", path: path) }
    }

    /// The table of the commit `generation` in `directory`, or `nil` when that commit has none
    /// (an index written before tables existed, or by a library user that keeps none).
    /// - Throws: ``IndexError`` `.corrupt` naming the damaged file, `.io`.
    public static func load(directory: String, generation: UInt64) throws(IndexError) -> SourceTable? {
        guard let manifest = try Manifest.load(from: directory, generation: generation),
            let name = manifest.sourcesFileName
        else { return nil }
        let file = try MappedFile(path: directory + "/" + name)
        return try withExtendedLifetime(file) { () throws(IndexError) in try SourceTable(file.bytes, path: file.path) }
    }
}

extension IndexReader {
    /// The source table of this reader's commit, parsed from the file mapped when the reader
    /// opened (no second open or mapping), or `nil` when the commit has none.
    /// - Throws: ``IndexError`` `.corrupt` naming the damaged table, `.io` when it could not be
    ///   mapped.
    public func sourceTable() throws(IndexError) -> SourceTable? {
        guard let (name, file) = sources else { return nil }
        guard let file else { throw IndexError(.io, "cannot open the source table", path: directory + "/" + name) }
        return try withExtendedLifetime(file) { () throws(IndexError) in try SourceTable(file.bytes, path: file.path) }
    }
}

extension SourceTable {
    /// `searchctl check`: the table parsed (checksum, bounds, order) when it was loaded; here
    /// each entry is checked for sense: an absolute path, no empty or repeated id.
    ///
    /// Ids need not be live documents: `searchctl delete` removes documents and leaves the
    /// table, and the next `searchctl index` reads a file whose ids are not all live again.
    func check(path: String) throws(IndexError) {
        for (source, entry) in entries {
            guard source.hasPrefix("/") else { throw .corrupt("source path '\(source)' is not absolute", path: path) }
            var seen: Set<String> = []
            for id in entry.ids {
                guard !id.isEmpty, seen.insert(id).inserted else {
                    throw .corrupt("source '\(source)' lists an empty or repeated document id", path: path)
                }
            }
        }
    }
}
