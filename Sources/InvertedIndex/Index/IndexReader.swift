#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Tokenizer

/// A consistent, read-only snapshot of an index: the segments of one commit, mapped.
///
/// Opening costs a manifest read and a few `mmap`s per segment, independent of the index's
/// size. A reader keeps answering from its snapshot while a writer commits; the files it
/// mapped stay valid even when a later commit removes their names.
public final class IndexReader: Sendable {
    /// The index directory.
    public let directory: String
    /// The commit generation this snapshot shows.
    public let generation: UInt64
    /// The analyzer the index was built with; queries are analyzed with it.
    public let analyzer: Analyzer
    /// What the store keeps: with ``StoreMode/ids``, stored titles and bodies are empty.
    public let store: StoreMode
    let segments: [SegmentReader]
    /// The global doc id of each segment's first document.
    let bases: [Int32]
    /// The commit's source table: its name, and its file mapped at open (`nil` if it could not
    /// be), so that `check` sees this snapshot's table. Queries never read it.
    let sources: (name: String, file: MappedFile?)?

    /// Opens the newest commit in `directory`.
    /// - Throws: ``IndexError`` `.indexNotFound` when there is no index there, `.corrupt`
    ///   naming the damaged file, `.unsupportedVersion`, `.io`.
    public init(directory: String) throws(IndexError) {
        self.directory = directory
        guard FileSystem.isDirectory(directory) else {
            throw IndexError(.indexNotFound, "no index here; create one with 'searchctl index PATH'", path: directory)
        }
        // A writer may delete an older commit's files between our listing and our opening
        // them; a few retries, with short pauses, land on a commit that stays put long enough.
        var attempt = 0
        while true {
            do throws(IndexError) {
                guard let manifest = try Manifest.load(from: directory) else {
                    throw IndexError(
                        .indexNotFound, "no committed index here; create one with 'searchctl index PATH'",
                        path: directory)
                }
                var segments: [SegmentReader] = []
                var bases: [Int32] = []
                var base = 0
                for info in manifest.segments {
                    segments.append(try SegmentReader(info: info, directory: directory))
                    bases.append(Int32(base))
                    base += info.docCount
                }
                guard base < Int(Int32.max) else { throw .corrupt("more than 2³¹ documents", path: directory) }
                self.generation = manifest.generation
                self.analyzer = manifest.analyzer
                self.store = manifest.store
                self.segments = segments
                self.bases = bases
                let documentCount = segments.reduce(0) { $0 + $1.info.liveCount }
                self.documentCount = documentCount
                statistics = CollectionStatistics(
                    documentCount: documentCount,
                    fieldLengths: Field.scored.map { field in segments.reduce(0) { $0 + $1.liveLength(field) } })
                sources = manifest.sourcesFileName.map { ($0, try? MappedFile(path: directory + "/" + $0)) }
                return
            } catch {
                attempt += 1
                if error.code != .io || attempt >= 5 { throw error }
                usleep(useconds_t(1000 << attempt))  // 2, 4, 8, 16 ms: let the writer finish its commit
            }
        }
    }

    /// Live documents.
    public let documentCount: Int

    /// The segments' manifest entries.
    public var segmentInfos: [SegmentInfo] { segments.map(\.info) }

    /// Index-wide statistics of the live documents (of this snapshot, so computed on open).
    let statistics: CollectionStatistics

    /// Live documents containing the term `key` (field byte + term), over all segments.
    func docFreq(_ key: [UInt8]) throws(IndexError) -> Int {
        var total = 0
        for segment in segments {
            if let info = try segment.termInfo(key) { total += segment.liveDocFreq(key, info) }
        }
        return total
    }

    /// The stored fields of a global doc id.
    public func document(_ globalDoc: Int32) throws(IndexError) -> StoredDocument {
        let (segment, doc) = locate(globalDoc)
        return try segments[segment].document(doc)
    }

    func locate(_ globalDoc: Int32) -> (segment: Int, doc: Int32) {
        var segment = bases.count - 1
        while segment > 0 && bases[segment] > globalDoc { segment -= 1 }
        return (segment, globalDoc - bases[segment])
    }

    /// Verifies every file's checksum, every page checksum table and the structure.
    /// - Returns: The files checked, in order.
    /// - Throws: The first damage found, naming its file.
    @discardableResult
    public func check() throws(IndexError) -> [String] {
        var checked: [String] = []
        for segment in segments {
            for file in segment.mappedFiles {
                let kind = IndexFile.Kind.allCases.first { file.path.hasSuffix("." + $0.fileExtension) }!
                try IndexFile.validate(file.bytes, kind: kind, path: file.path, verifyChecksum: true)
                checked.append(file.path)
            }
            for pages in segment.pageVerifiers { try pages.verifyAll() }
            try segment.checkStructure()
            if segment.info.deletionGeneration > 0 { checked.append(segment.directory + "/" + segment.info.fileName(.deletions)) }
        }
        if let (name, file) = sources {
            guard let file else { throw IndexError(.io, "cannot open the source table", path: directory + "/" + name) }
            try SourceTable(file.bytes, path: file.path).check(path: file.path)
            checked.append(file.path)
        }
        return checked
    }
}

/// Index-wide numbers that BM25 needs.
struct CollectionStatistics {
    var documentCount: Int
    var fieldLengths: [UInt64]

    func averageLength(_ field: Field) -> Float {
        documentCount == 0 ? 1 : max(Float(Double(fieldLengths[Int(field.rawValue)]) / Double(documentCount)), 1e-6)
    }
}

extension IndexReader {
    /// Bytes on disk of this snapshot's files, and of the stored fields among them.
    public var diskUsage: (total: Int, stored: Int) {
        var total = FileSystem.fileSize(directory + "/" + Manifest.prefix + String(generation)) ?? 0
        var stored = 0
        for segment in segments {
            for name in segment.info.fileNames {
                let size = FileSystem.fileSize(directory + "/" + name) ?? 0
                total += size
                if name.hasSuffix("." + IndexFile.Kind.storedFields.fileExtension) { stored += size }
            }
        }
        return (total, stored)
    }
}
