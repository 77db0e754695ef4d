import Dispatch
import Tokenizer

/// Adds, replaces and deletes documents, and commits them atomically.
///
/// One writer per index at a time (an `flock(2)` on `write.lock`, released by the kernel even
/// if the process dies). Documents are inverted in memory and flushed as a new segment when
/// the memory budget is reached; nothing is visible to readers until ``commit()``:
/// segment files and deletions are written and fsynced first, then the next manifest is
/// written to a temporary name, fsynced, renamed into place and the directory fsynced. A crash
/// at any instant leaves the previous commit intact.
///
/// ```swift
/// let writer = try IndexWriter(directory: "idx")
/// try writer.add(Document(id: "1", title: "Hello", body: "Hello, world"))
/// try writer.commit()
/// ```
public final class IndexWriter {
    /// The index directory.
    public let directory: String
    /// The analyzer of the index (fixed when the index is created).
    public let analyzer: Analyzer
    /// What the store keeps of each document (fixed when the index is created).
    public let store: StoreMode
    /// Bytes of inverted data held in memory before a segment is flushed.
    public let memoryBudget: Int
    /// When commits merge segments.
    public var mergePolicy = MergePolicy()

    /// A new ``SourceTable`` for the next commit to write (fsynced before its manifest); `nil`
    /// keeps the current one. Cleared by the commit.
    public var pendingSources: SourceTable?

    /// Threads inverting documents (1 = on the caller's thread).
    public let threads: Int
    /// Documents per batch dealt to a worker (and between memory checks).
    public let batchSize: Int

    private let lock: FileLock
    private var manifest: Manifest
    private var workers: [IndexWorker] = []
    private var batch: [Document] = []
    private var batchNumber = 0
    /// Limits batches in flight (queued or being inverted) when threads > 1.
    private let inFlight: DispatchSemaphore
    /// Segments flushed since the last commit (filled at commit from the workers).
    private var flushed: [SegmentInfo] = []
    /// Where each document added since the last commit lives: its batch and index in it.
    private var added: [String: (batch: Int, index: Int32)] = [:]
    /// Ids whose previously committed versions must be deleted at commit (none are kept
    /// while nothing is committed: a new index's ids would cost memory for nothing).
    private var replacedIDs: Set<String> = []
    /// Deletions among documents added since the last commit.
    private var pendingDeletes: [(batch: Int, index: Int32)] = []

    /// Opens the index in `directory` for writing, creating it if needed.
    /// - Parameters:
    ///   - directory: The index directory (created if missing).
    ///   - analyzer: The analyzer for a new index; an existing index keeps its own, and asking
    ///     for a different one is an error.
    ///   - store: What the store keeps for a new index (default ``StoreMode/all``); an
    ///     existing index keeps its own, and asking for a different one is an error.
    ///   - memoryBudget: Bytes of in-memory inverted data before a segment is flushed (shared
    ///     by the threads).
    ///   - threads: Threads inverting documents, each building its own segments; 1 inverts on
    ///     the caller's thread. The files are the same for the same input and settings.
    ///   - batchSize: Documents dealt to a thread at a time (default: 1 with one thread,
    ///     64 with several).
    /// - Throws: ``IndexError`` `.locked` if another writer is active, `.io`, `.corrupt`.
    public init(
        directory: String, analyzer: Analyzer? = nil, store: StoreMode? = nil, memoryBudget: Int = 256 << 20,
        threads: Int = 1, batchSize: Int? = nil
    ) throws(IndexError) {
        Allocator.fixMmapThreshold
        try FileSystem.createDirectory(directory)
        self.directory = directory
        self.memoryBudget = max(memoryBudget, 1 << 10)
        self.threads = max(1, min(threads, 256))
        self.batchSize = max(1, batchSize ?? (self.threads == 1 ? 1 : 64))
        inFlight = DispatchSemaphore(value: 2 * self.threads)
        lock = try FileLock(path: directory + "/write.lock")
        if let existing = try Manifest.load(from: directory) {
            if let analyzer, analyzer != existing.analyzer {
                throw IndexError(
                    .invalidArgument,
                    "the index uses the '\(existing.analyzer.name)' analyzer, not '\(analyzer.name)'; use a new index directory to change it",
                    path: directory)
            }
            if let store, store != existing.store {
                throw IndexError(
                    .invalidArgument,
                    "the index stores '\(existing.store.rawValue)', not '\(store.rawValue)'; use a new index directory to change it",
                    path: directory)
            }
            manifest = existing
        } else {
            manifest = Manifest(
                generation: 0, analyzer: analyzer ?? .default, nextSegmentID: 1, segments: [], store: store ?? .all)
        }
        self.analyzer = manifest.analyzer
        self.store = manifest.store
        workers = (0..<self.threads).map {
            IndexWorker(
                number: $0, of: self.threads, directory: directory, analyzer: manifest.analyzer,
                store: manifest.store, budget: self.memoryBudget / self.threads, idBase: manifest.nextSegmentID)
        }
        removeUnreferencedFiles()
    }

    /// Documents in the last commit (live ones).
    public var committedDocumentCount: Int { manifest.segments.reduce(0) { $0 + $1.liveCount } }

    /// Adds `document`, replacing any document with the same id (committed or added earlier).
    public func add(_ document: Document) throws(IndexError) {
        if let previous = added[document.id] {
            pendingDeletes.append(previous)
        } else if !manifest.segments.isEmpty {
            replacedIDs.insert(document.id)
        }
        added[document.id] = (batchNumber, Int32(batch.count))
        batch.append(document)
        if batch.count >= batchSize { try dispatchBatch() }
    }

    /// Deletes the document with this id, if there is one.
    public func delete(id: String) {
        if let previous = added.removeValue(forKey: id) { pendingDeletes.append(previous) }
        if !manifest.segments.isEmpty { replacedIDs.insert(id) }
    }

    /// Hands the current batch to its worker (round-robin by batch number).
    private func dispatchBatch() throws(IndexError) {
        guard !batch.isEmpty else { return }
        let worker = workers[batchNumber % workers.count]
        let documents = batch
        let number = batchNumber
        batch.removeAll(keepingCapacity: true)
        batchNumber += 1
        if workers.count == 1 {
            worker.invert(documents, batch: number)
            if let error = worker.error { throw error }
            return
        }
        inFlight.wait()
        let inFlight = self.inFlight
        worker.queue.async {
            worker.invert(documents, batch: number)
            inFlight.signal()
        }
    }

    /// Flushes every worker's documents as segments (in parallel), waits, and collects the
    /// segments (in id order) and where each batch went.
    private func flushWorkers() throws(IndexError) -> [Int: (segment: UInt64, base: Int32)] {
        try dispatchBatch()
        if workers.count == 1 {
            workers[0].flush()
        } else {
            let group = DispatchGroup()
            for worker in workers { worker.queue.async(group: group) { worker.flush() } }
            group.wait()
        }
        var locations: [Int: (segment: UInt64, base: Int32)] = [:]
        for worker in workers {
            if let error = worker.error { throw error }
            flushed += worker.flushed
            locations.merge(worker.locations) { a, _ in a }
        }
        flushed.sort { $0.id < $1.id }
        manifest.nextSegmentID = max(manifest.nextSegmentID, workers.map(\.idLimit).max() ?? 0)
        return locations
    }

    /// Makes everything added and deleted since the last commit durable and visible.
    ///
    /// - Returns: The number of live documents in the new commit.
    @discardableResult
    public func commit() throws(IndexError) -> Int {
        try commit(mergeAll: false)
    }

    /// Commits, then merges every segment into one without deleted documents (`searchctl
    /// optimize`). Searches return the same hits and scores before and after.
    ///
    /// - Returns: The number of live documents in the new commit.
    @discardableResult
    public func optimize() throws(IndexError) -> Int {
        try commit(mergeAll: true)
    }

    private func commit(mergeAll: Bool) throws(IndexError) -> Int {
        let locations = try flushWorkers()
        var deletesBySegment: [UInt64: [Int32]] = [:]
        for (batch, index) in pendingDeletes {
            guard let location = locations[batch] else { continue }
            deletesBySegment[location.segment, default: []].append(location.base + index)
        }
        var segments: [SegmentInfo] = []
        for var info in manifest.segments + flushed {
            let isNew = flushed.contains { $0.id == info.id }
            // Nothing to delete here (a new segment without deletes, or no replaced ids): no reader.
            guard isNew ? deletesBySegment[info.id] != nil : !replacedIDs.isEmpty else {
                segments.append(info)
                continue
            }
            let reader = try SegmentReader(info: info, directory: directory)
            var deletions = reader.deletions ?? Deletions(docCount: info.docCount)
            var newlyDeleted: [Int32] = isNew ? deletesBySegment[info.id] ?? [] : []
            if !isNew {
                for id in replacedIDs {
                    guard let term = try reader.termInfo(Self.idKey(id)) else { continue }
                    let postings = try reader.postings(term)
                    while try postings.next() != PostingsIterator.exhausted {
                        newlyDeleted.append(postings.doc)
                    }
                }
            }
            newlyDeleted = newlyDeleted.filter { !deletions.contains($0) }
            if !newlyDeleted.isEmpty {
                for doc in Set(newlyDeleted) {
                    try account(doc, of: reader, into: &deletions)
                    deletions.insert(doc)
                }
                info.deletedCount = deletions.count
                if info.deletedCount == info.docCount { continue }
                info.deletionGeneration += 1
                try FileSystem.writeFile(
                    directory + "/" + info.fileName(.deletions), deletions.serialize(docCount: info.docCount))
            }
            segments.append(info)
        }
        segments = try merge(segments, all: mergeAll)
        var next = manifest
        next.generation += 1
        next.segments = segments
        if let pendingSources {
            try FileSystem.writeFile(directory + "/" + SourceTable.fileName(next.generation), pendingSources.serialize())
            next.sourcesGeneration = next.generation
        }
        try FileSystem.writeFileAtomically(directory + "/" + next.fileName, next.serialize(), directory: directory)
        manifest = next
        flushed.removeAll()
        added.removeAll()
        replacedIDs.removeAll()
        pendingDeletes.removeAll()
        pendingSources = nil
        batchNumber = 0
        for worker in workers { worker.reset(idBase: manifest.nextSegmentID) }
        removeUnreferencedFiles()
        return committedDocumentCount
    }

    /// Applies the merge policy (or merges everything) to the segments of the next commit.
    /// Merged segments are written and fsynced here, before the manifest that names them.
    private func merge(_ segments: [SegmentInfo], all: Bool) throws(IndexError) -> [SegmentInfo] {
        var segments = segments
        while true {
            let range: Range<Int>
            if all {
                guard segments.count > 1 || segments.first.map({ $0.deletedCount > 0 }) == true else { break }
                range = segments.indices
            } else {
                guard let found = mergePolicy.findMerge(segments) else { break }
                range = found
            }
            var readers: [SegmentReader] = []
            for info in segments[range] { readers.append(try SegmentReader(info: info, directory: directory)) }
            let id = manifest.nextSegmentID
            manifest.nextSegmentID += 1
            let merged = try SegmentMerger.merge(readers, id: id, directory: directory)
            segments.replaceSubrange(range, with: merged.map { [$0] } ?? [])
            if all { break }
        }
        return segments
    }

    /// Subtracts a deleted document's contribution from the segment statistics by analyzing
    /// its stored text again, exactly as it was indexed.
    private func account(_ doc: Int32, of reader: SegmentReader, into deletions: inout Deletions) throws(IndexError) {
        let stored = try reader.document(doc)
        let builder = SegmentBuilder(analyzer: analyzer)
        builder.add(Document(id: stored.id, title: stored.title, body: stored.body))
        for field in Field.scored {
            deletions.lengths[Int(field.rawValue)] += UInt64(reader.norms.length(field, doc))
        }
        try reader.throwIfDamaged()
        for id in 0..<Int32(builder.terms.count) {
            let key = builder.terms.key(id)
            if key.first != Field.id.rawValue { deletions.docFreqs[Array(key), default: 0] += 1 }
        }
    }

    static func idKey(_ id: String) -> [UInt8] { [Field.id.rawValue] + Array(id.utf8) }

    /// Deletes files that the current manifest does not reference: older manifests and
    /// deletions, and segments of a writer that crashed before committing.
    ///
    /// Readers map their files when they open, and a mapping outlives the file's name, so an
    /// open reader keeps answering from its snapshot.
    private func removeUnreferencedFiles() {
        var keep: Set<String> = ["write.lock"]
        if manifest.generation > 0 { keep.insert(manifest.fileName) }
        if let sources = manifest.sourcesFileName { keep.insert(sources) }
        for segment in manifest.segments + flushed { keep.formUnion(segment.fileNames) }
        guard let names = try? FileSystem.listDirectory(directory) else { return }
        for name in names where !keep.contains(name) {
            if name.hasPrefix("seg-") || name.hasPrefix(Manifest.prefix) || name.hasPrefix(SourceTable.prefix) {
                FileSystem.removeFile(directory + "/" + name)
            }
        }
    }
}
