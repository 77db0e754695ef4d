import Tokenizer

/// The root of a commit: which segments are live, their deletions, the analyzer, the
/// next segment id and the commit's ``SourceTable`` (if any). Written as `manifest-<generation>` by rename, so a reader sees either the
/// previous commit or this one, whole.
struct Manifest: Sendable {
    var generation: UInt64
    var analyzer: Analyzer
    var nextSegmentID: UInt64
    var segments: [SegmentInfo]
    /// The generation whose commit wrote the current ``SourceTable`` (`sources-<n>`); 0: none.
    /// Carried over by commits that do not replace the table.
    var sourcesGeneration: UInt64 = 0
    /// What the store keeps (`all` when the manifest predates the choice).
    var store: StoreMode = .all

    static let prefix = "manifest-"

    var fileName: String { Manifest.prefix + String(generation) }

    /// The source table's file name, when the commit has one.
    var sourcesFileName: String? { sourcesGeneration == 0 ? nil : SourceTable.fileName(sourcesGeneration) }

    func serialize() -> [UInt8] {
        var writer = ByteWriter()
        IndexFile.writeHeader(&writer, kind: .manifest)
        writer.write(generation)
        writer.writeString(analyzer.name)
        writer.write(nextSegmentID)
        writer.write(UInt32(segments.count))
        for segment in segments {
            writer.write(segment.id)
            writer.write(UInt64(segment.docCount))
            writer.write(segment.deletionGeneration)
            writer.write(UInt64(segment.deletedCount))
            writer.write(UInt32(segment.fieldLengths.count))
            for length in segment.fieldLengths { writer.write(length) }
        }
        writer.write(sourcesGeneration)
        // Only an id-only index says so: a default manifest stays what older readers expect.
        if store != .all { writer.write(store.code) }
        IndexFile.writeFooter(&writer)
        return writer.bytes
    }

    init(
        generation: UInt64, analyzer: Analyzer, nextSegmentID: UInt64, segments: [SegmentInfo], store: StoreMode = .all
    ) {
        self.store = store
        self.generation = generation
        self.analyzer = analyzer
        self.nextSegmentID = nextSegmentID
        self.segments = segments
    }

    init(_ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        let end = try IndexFile.validate(bytes, kind: .manifest, path: path, verifyChecksum: true)
        var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[..<end]), offset: IndexFile.headerSize, path: path)
        generation = try reader.readUInt64()
        let name = try reader.readString()
        guard let analyzer = Analyzer(named: name) else {
            throw IndexError(.unsupportedVersion, "unknown analyzer '\(name)'", path: path)
        }
        self.analyzer = analyzer
        nextSegmentID = try reader.readUInt64()
        let count = Int(try reader.readUInt32())
        guard count <= reader.remaining / 36 else { throw .corrupt("segment count \(count) out of bounds", path: path) }
        segments = []
        for _ in 0..<count {
            let id = try reader.readUInt64()
            let docCount = try reader.readUInt64(atMost: Int(Int32.max))
            let deletionGeneration = try reader.readUInt64()
            let deletedCount = try reader.readUInt64(atMost: docCount)
            let fields = Int(try reader.readUInt32())
            guard fields == Field.scored.count else { throw .corrupt("segment \(id) has \(fields) fields", path: path) }
            var lengths: [UInt64] = []
            // At most 2³² tokens a document, so index-wide sums cannot overflow (≤ 2³¹ docs).
            for _ in 0..<fields { lengths.append(UInt64(try reader.readUInt64(atMost: docCount << 32))) }
            guard id < nextSegmentID else { throw .corrupt("segment id \(id) ≥ next id \(nextSegmentID)", path: path) }
            segments.append(
                SegmentInfo(
                    id: id, docCount: docCount, fieldLengths: lengths, deletionGeneration: deletionGeneration,
                    deletedCount: deletedCount))
        }
        // Optional (manifests written before source tables end after the segments).
        if !reader.isAtEnd {
            sourcesGeneration = try reader.readUInt64()
            guard sourcesGeneration <= generation else {
                throw .corrupt("source table generation \(sourcesGeneration) after the commit's \(generation)", path: path)
            }
        }
        // Optional (manifests written before the store choice end after the source table).
        if !reader.isAtEnd {
            let code = try reader.readBytes(1)[0]
            guard let store = StoreMode(code: code) else {
                throw IndexError(.unsupportedVersion, "unknown store mode \(code)", path: path)
            }
            self.store = store
        }
        guard reader.isAtEnd else { throw .corrupt("trailing bytes after the segment list", path: path) }
    }

    /// The newest manifest generation in `directory`, or `nil` when there is none.
    static func latestGeneration(in directory: String) throws(IndexError) -> UInt64? {
        var latest: UInt64?
        for name in try FileSystem.listDirectory(directory) where name.hasPrefix(prefix) {
            if let generation = UInt64(name.dropFirst(prefix.count)) { latest = max(latest ?? 0, generation) }
        }
        return latest
    }

    /// Reads the newest manifest in `directory`.
    static func load(from directory: String) throws(IndexError) -> Manifest? {
        guard let generation = try latestGeneration(in: directory) else { return nil }
        return try load(from: directory, generation: generation)
    }

    /// Reads the manifest of `generation` in `directory`.
    static func load(from directory: String, generation: UInt64) throws(IndexError) -> Manifest? {
        let file = try MappedFile(path: directory + "/" + prefix + String(generation))
        return try withExtendedLifetime(file) { () throws(IndexError) in try Manifest(file.bytes, path: file.path) }
    }
}
